package dev.piecemill.export;

/**
 * GPT-2's byte-to-character table, the one Hugging Face's ByteLevel pre-tokenizer and decoder
 * use: the printable Latin-1 bytes stand for themselves, the other 68 bytes take U+0100, U+0101,
 * ... in byte order. It lets a Unigram model over characters see our pieces as byte strings.
 */
public final class ByteLevelAlphabet {
    private static final char[] CHARS = new char[256];

    static {
        char next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            CHARS[b] = printable ? (char) b : next++;
        }
    }

    private ByteLevelAlphabet() {}

    /** The character that stands for byte {@code b}. */
    public static char of(int b) {
        return CHARS[b & 0xFF];
    }

    /** A piece's bytes spelled one character a byte. */
    public static String spell(byte[] piece) {
        char[] chars = new char[piece.length];
        for (int i = 0; i < piece.length; i++) {
            chars[i] = CHARS[piece[i] & 0xFF];
        }
        return new String(chars);
    }
}
