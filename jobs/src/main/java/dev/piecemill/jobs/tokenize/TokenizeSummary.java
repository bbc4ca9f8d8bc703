package dev.piecemill.jobs.tokenize;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.piecemill.metrics.LengthHistogram;
import java.util.List;

/**
 * What the tokenize job did; printed and saved as OUTPUT/_summary.json.
 *
 * @param seconds              the job's time up to the per-document output (packing not included)
 * @param megabytesPerSecond   UTF-8 text bytes per second over {@code seconds}
 * @param tokensPerDocument    documents by their number of tokens, in power-of-two bins
 * @param pack                 what --pack wrote; null (and not in the JSON) without it
 */
public record TokenizeSummary(
        String model,
        String output,
        int inputFiles,
        long inputBytesOnDisk,
        long recordsRead,
        long documents,
        long quarantined,
        long bytes,
        long tokens,
        double bytesPerToken,
        double seconds,
        double megabytesPerSecond,
        List<LengthHistogram.Bin> tokensPerDocument,
        @JsonInclude(JsonInclude.Include.NON_NULL) PackSummary pack) {
    TokenizeSummary withPack(PackSummary packed) {
        return new TokenizeSummary(
                model,
                output,
                inputFiles,
                inputBytesOnDisk,
                recordsRead,
                documents,
                quarantined,
                bytes,
                tokens,
                bytesPerToken,
                seconds,
                megabytesPerSecond,
                tokensPerDocument,
                packed);
    }

    public String describe() {
        return String.format(
                        "tokenize: %,d records read: %,d documents written, %,d quarantined; "
                                + "%,d bytes -> %,d tokens (%.3f bytes/token); %.1f s, %.2f MB/s",
                        recordsRead, documents, quarantined, bytes, tokens, bytesPerToken, seconds, megabytesPerSecond)
                + (pack == null ? "" : "; " + pack.describe());
    }

    /** The length histogram as text lines, one per bin ("  tokens 64-127: 1,234 documents (12.3%)"). */
    public String histogram() {
        StringBuilder text = new StringBuilder("tokens per document:");
        for (LengthHistogram.Bin bin : tokensPerDocument) {
            String range = bin.from() == bin.to() ? Long.toString(bin.from()) : bin.from() + "-" + bin.to();
            text.append(String.format(
                    "%n  %13s: %,d documents (%.1f%%)",
                    range, bin.count(), documents == 0 ? 0.0 : 100.0 * bin.count() / documents));
        }
        return text.toString();
    }
}
