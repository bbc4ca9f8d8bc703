package dev.piecemill.tokenize;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the tokenize job did; printed and saved as OUTPUT/_summary.json.
 *
 * @param pack what --pack wrote; null (and not in the JSON) without it
 */
public record TokenizeSummary(String model, String output, int inputFiles, long inputBytesOnDisk,
                              long recordsRead, long documents, long quarantined, long bytes, long tokens,
                              double bytesPerToken, double seconds, double megabytesPerSecond,
                              @JsonInclude(JsonInclude.Include.NON_NULL) PackSummary pack) {
    /** Without packing. */
    public TokenizeSummary(String model, String output, int inputFiles, long inputBytesOnDisk, long recordsRead,
                           long documents, long quarantined, long bytes, long tokens, double bytesPerToken,
                           double seconds, double megabytesPerSecond) {
        this(model, output, inputFiles, inputBytesOnDisk, recordsRead, documents, quarantined, bytes, tokens,
                bytesPerToken, seconds, megabytesPerSecond, null);
    }

    TokenizeSummary withPack(PackSummary packed) {
        return new TokenizeSummary(model, output, inputFiles, inputBytesOnDisk, recordsRead, documents, quarantined,
                bytes, tokens, bytesPerToken, seconds, megabytesPerSecond, packed);
    }

    public String describe() {
        return String.format("tokenize: %,d records read: %,d documents written, %,d quarantined; "
                        + "%,d bytes -> %,d tokens (%.3f bytes/token); %.1f s, %.2f MB/s",
                recordsRead, documents, quarantined, bytes, tokens, bytesPerToken, seconds, megabytesPerSecond)
                + (pack == null ? "" : "; " + pack.describe());
    }
}
