package dev.piecemill.pack;

import java.util.List;

/**
 * One packed row: exactly the packer's length of token ids, and the ids of the documents with at
 * least one token in it, in stream order.
 *
 * @param index  the row's place in its stream (0, 1, ...)
 */
public record PackedSequence(long index, int[] ids, List<String> docIds) {}
