package dev.piecemill.pack;

import dev.piecemill.util.UserError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The integer type of packed token files, little-endian and unsigned: 16 bits when every id of
 * the vocabulary fits (vocabulary size at most 65,536), else 32. Named as numpy names it.
 */
public enum TokenDtype {
    UINT16(2),
    UINT32(4);

    private final int bytes;

    TokenDtype(int bytes) {
        this.bytes = bytes;
    }

    public static TokenDtype forVocabSize(int vocabSize) {
        return vocabSize <= 1 << 16 ? UINT16 : UINT32;
    }

    /** Bytes per token. */
    public int bytes() {
        return bytes;
    }

    /** numpy's name: "uint16" or "uint32". */
    public String numpyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ids as this type's little-endian bytes; an id the type cannot hold is a bug upstream. */
    public byte[] encode(int[] ids) {
        ByteBuffer out = ByteBuffer.allocate(ids.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) {
            if (id < 0 || this == UINT16 && id > 0xFFFF) {
                throw new UserError("token id " + id + " does not fit " + numpyName());
            }
            if (this == UINT16) {
                out.putShort((short) id);
            } else {
                out.putInt(id);
            }
        }
        return out.array();
    }
}
