package dev.piecemill.metrics;

/**
 * Counts the n-grams inside documents for every n = 1..{@link PackedNgramTable#MAX_N}, sorting
 * only the longest. An m-gram is the prefix of the (m + 1)-gram at its start unless it ends its
 * document, so each shorter table is the longer one's {@link PackedNgramTable#prefixes} plus one
 * m-gram per document: the same tables as one {@link PackedNgramCounter} per n, with a quarter of
 * the sorting.
 */
public final class PackedNgramCounters {
    private static final int MAX_N = PackedNgramTable.MAX_N;
    /** One key per document: a small buffer is enough. */
    private static final int LAST_BUFFER = 1 << 12;

    private final PackedNgramCounter longest = new PackedNgramCounter(MAX_N);
    /** By m - 1, for m < MAX_N: each document's last m-gram. */
    private final PackedNgramCounter[] last = new PackedNgramCounter[MAX_N - 1];

    public PackedNgramCounters() {
        for (int m = 1; m < MAX_N; m++) {
            last[m - 1] = new PackedNgramCounter(m, LAST_BUFFER);
        }
    }

    /** Adds every n-gram inside the document, for every n. */
    public void addWithin(int[] document) {
        longest.addWithin(document);
        for (int m = 1; m < MAX_N && m <= document.length; m++) {
            last[m - 1].add(document, document.length - m);
        }
    }

    /** The counts so far, by n - 1. */
    public PackedNgramTable[] tables() {
        PackedNgramTable[] tables = new PackedNgramTable[MAX_N];
        tables[MAX_N - 1] = longest.table();
        for (int m = MAX_N - 1; m >= 1; m--) {
            tables[m - 1] = tables[m].prefixes(m).plus(last[m - 1].table());
        }
        return tables;
    }
}
