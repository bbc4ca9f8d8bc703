package dev.piecemill.tokenize;

/** What the tokenize job did; printed and saved as OUTPUT/_summary.json. */
public record TokenizeSummary(String model, String output, int inputFiles, long inputBytesOnDisk,
                              long recordsRead, long documents, long quarantined, long bytes, long tokens,
                              double bytesPerToken, double seconds, double megabytesPerSecond) {
    public String describe() {
        return String.format("tokenize: %,d records read: %,d documents written, %,d quarantined; "
                        + "%,d bytes -> %,d tokens (%.3f bytes/token); %.1f s, %.2f MB/s",
                recordsRead, documents, quarantined, bytes, tokens, bytesPerToken, seconds, megabytesPerSecond);
    }
}
