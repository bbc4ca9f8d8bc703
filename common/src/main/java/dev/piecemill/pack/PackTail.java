package dev.piecemill.pack;

import java.util.List;

/**
 * What a stream leaves after its last full row: fewer ids than the row length (possibly none),
 * and the documents they belong to. Never part of a row, so callers count it.
 */
public record PackTail(int[] ids, List<String> docIds) {}
