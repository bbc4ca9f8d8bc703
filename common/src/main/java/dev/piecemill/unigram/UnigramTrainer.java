package dev.piecemill.unigram;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.ByteString;
import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Unigram EM with pruning, SentencePiece's recipe over bytes: from the seed pieces, rounds of
 * EM iterations (E-step: a {@link CorpusPass}; M-step: p = expected count / total), each round
 * followed by pruning to {@code shrinkingFactor} of the pieces, those whose removal costs the
 * least likelihood going first ({@link PruningLoss}), until 1.1x the size; then one cut to the
 * exact size and EM again. Every size starts from the seeds. This driver holds only
 * the vocabulary; the passes over the corpus run wherever {@code CorpusPass} runs them.
 */
public final class UnigramTrainer {
    private final UnigramOptions options;
    private final CorpusPass corpus;
    private final CorpusPass validation;
    private final Consumer<Round> log;

    /**
     * @param validation held-out chunks measured after every round (bytes per Viterbi token), or null
     * @param log        called after every EM iteration
     */
    public UnigramTrainer(UnigramOptions options, CorpusPass corpus, CorpusPass validation, Consumer<Round> log) {
        this.options = options;
        this.corpus = corpus;
        this.validation = validation;
        this.log = log;
    }

    /**
     * One EM iteration's report.
     *
     * @param target               the vocabulary size being trained toward
     * @param pieces               pieces during the iteration (single bytes included)
     * @param logLikelihood        of the training corpus under the iteration's vocabulary (nats)
     * @param validationBytesPerToken held-out bytes per Viterbi token after the iteration, or NaN
     */
    public record Round(
            int target,
            String stage,
            int pieces,
            double logLikelihood,
            double validationBytesPerToken,
            double seconds) {}

    /** A trained vocabulary and its own Viterbi usage of the training corpus. */
    public record Result(int vocabSize, PieceModel model, long tokens, long bytes) {
        public double bytesPerToken() {
            return (double) bytes / tokens;
        }
    }

    /**
     * Trains every size from the seeds.
     *
     * @param seeds   candidate pieces with their counts (no single bytes)
     * @param symbols occurrences of each byte value and each multi-byte character in the corpus
     * @return one result per requested size, in the order the sizes were given
     */
    public List<Result> train(List<Object2LongMap.Entry<ByteString>> seeds, SymbolCounts symbols) {
        int largest = java.util.Arrays.stream(options.vocabSizes()).max().orElseThrow();
        List<Result> results = new ArrayList<>();
        for (int size : options.vocabSizes()) {
            Vocabulary vocabulary =
                    initial(seeds.subList(0, seedsFor(size, largest, seeds.size())), symbols, options.whitespaceRuns());
            int pieces = size - UnigramOptions.SPECIAL_TOKENS;
            if (vocabulary.size() < pieces) {
                throw new UserError(String.format(
                        "the corpus yields only %,d candidate pieces "
                                + "(with the 256 bytes, the characters and the whitespace runs): a vocabulary of %,d needs "
                                + "%,d; ask for at most %,d",
                        vocabulary.size(), size, pieces, vocabulary.size() + UnigramOptions.SPECIAL_TOKENS));
            }
            Trained trained = trainTo(vocabulary, size, pieces);
            results.add(new Result(
                    size,
                    trained.model(),
                    trained.usage().viterbiTokens(),
                    trained.usage().bytes()));
        }
        return results;
    }

    /**
     * Every size starts from the seeds, the best in proportion to its size: a small vocabulary
     * pruned from its own seeds held out 1.5 to 2.5% more bytes per token at 8k than one pruned
     * from the 32k vocabulary, on both corpora (BENCHMARKS.md); the seed pass is shared.
     */
    static int seedsFor(int size, int largest, int available) {
        return (int) Math.min(available, Math.ceil((double) available * size / largest));
    }

    /** A model of the exact size and its Viterbi usage of the corpus: what {@code encode} would produce. */
    private record Trained(PieceModel model, PassTotals usage) {}

    /** Rounds of EM and pruning from the seeds down to the size. */
    private Trained trainTo(Vocabulary vocabulary, int size, int pieces) {
        int desired = (int) Math.max(pieces, Math.ceil(pieces * UnigramOptions.PRUNING_SLACK));
        PassTotals totals = em(vocabulary, size, "em", sample(vocabulary, size));
        vocabulary = mStep(vocabulary, totals);
        while (vocabulary.size() > desired) {
            vocabulary = prune(
                    vocabulary,
                    totals,
                    Math.max(desired, shrunk(vocabulary.size(), desired)),
                    options.whitespaceRuns());
            totals = em(vocabulary, size, "em", sample(vocabulary, size));
            vocabulary = mStep(vocabulary, totals);
        }
        if (vocabulary.size() > pieces) {
            vocabulary = prune(vocabulary, totals, pieces, options.whitespaceRuns());
            totals = em(vocabulary, size, "final", 1);
            vocabulary = mStep(vocabulary, totals);
        }
        long started = System.nanoTime();
        PieceModel model = toModel(vocabulary, options.whitespaceRuns());
        PassTotals usage = corpus.run(Vocabulary.ofModel(model), PassKind.VITERBI, 1);
        log.accept(new Round(
                size, "usage", model.pieceCount(), Double.NaN, Double.NaN, (System.nanoTime() - started) / 1e9));
        return new Trained(model, usage);
    }

    /** Pruning goes twice as fast (the factor squared) while the vocabulary is above this multiple of its target. */
    static final double FAST_ABOVE = 4;
    /**
     * While the seeds are still being cut down and the vocabulary is above this multiple of its
     * target, an E-step reads only {@link #SAMPLE_SHARE} of the documents: those rounds are the
     * most expensive and decide only what is far from making the cut (held-out compression
     * measured within 0.5%).
     */
    static final double SAMPLE_ABOVE = 2;

    static final double SAMPLE_SHARE = 0.2;

    /** The share of documents an E-step reads. */
    private static double sample(Vocabulary vocabulary, int size) {
        return vocabulary.size() > SAMPLE_ABOVE * size ? SAMPLE_SHARE : 1;
    }

    /** The next round's size: twice the shrinking while far above the target. */
    private int shrunk(int current, int desired) {
        double factor = options.shrinkingFactor();
        if (current > FAST_ABOVE * desired) {
            factor *= factor;
        }
        return (int) (current * factor);
    }

    /** The last iteration also counts Viterbi pieces (what pruning needs); returns its totals. */
    private PassTotals em(Vocabulary vocabulary, int size, String stage, double sample) {
        PassTotals totals = null;
        for (int it = 0; it < options.emIterations(); it++) {
            long started = System.nanoTime();
            if (totals != null) {
                vocabulary = mStep(vocabulary, totals);
            }
            PassKind kind = it == options.emIterations() - 1 ? PassKind.EXPECTED_AND_VITERBI : PassKind.EXPECTED;
            totals = corpus.run(vocabulary, kind, sample);
            double validationBpt = Double.NaN;
            if (validation != null && it == options.emIterations() - 1) {
                validationBpt = validation
                        .run(mStep(vocabulary, totals), PassKind.VITERBI, 1)
                        .bytesPerToken();
            }
            log.accept(new Round(
                    size,
                    stage,
                    vocabulary.size(),
                    totals.logLikelihood(),
                    validationBpt,
                    (System.nanoTime() - started) / 1e9));
        }
        return totals;
    }

    /** M-step: probabilities from expected counts (a floor keeps unseen bytes possible). */
    static Vocabulary mStep(Vocabulary vocabulary, PassTotals totals) {
        double[] p = new double[vocabulary.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(totals.expectedCount(i), UNSEEN_COUNT);
        }
        return new Vocabulary(vocabulary.pieces(), p);
    }

    /** The expected count given a piece that no segmentation used: far below one occurrence. */
    static final double UNSEEN_COUNT = 1e-3;

    /**
     * Every character of the training text stays in the vocabulary (SentencePiece's
     * {@code --character_coverage=1.0}): one missing costs two to four byte tokens wherever it
     * occurs, in held-out text most of all. Up to this share of a vocabulary, the most frequent
     * first, so that a corpus of many thousand characters still leaves room to learn.
     */
    static final double CHARACTER_SHARE = 0.5;

    /**
     * Keeps the {@code keep} pieces whose removal would cost the most: single bytes and whitespace
     * runs always, then the characters, then the rest by their loss.
     */
    static Vocabulary prune(Vocabulary vocabulary, PassTotals totals, int keep, int whitespaceRuns) {
        double[] loss = PruningLoss.of(vocabulary, totals, whitespaceRuns, (int) (keep * CHARACTER_SHARE));
        Integer[] order = new Integer[vocabulary.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(loss[b], loss[a]);
            if (c != 0) {
                return c;
            }
            c = Double.compare(vocabulary.probability(b), vocabulary.probability(a));
            return c != 0 ? c : Arrays.compareUnsigned(vocabulary.piece(a), vocabulary.piece(b));
        });
        // The kept pieces in their old order: a vocabulary stays sorted by bytes, so its trie needs no sort.
        int[] kept = new int[keep];
        for (int k = 0; k < keep; k++) {
            kept[k] = order[k];
        }
        Arrays.sort(kept);
        byte[][] pieces = new byte[keep][];
        double[] p = new double[keep];
        for (int k = 0; k < keep; k++) {
            pieces[k] = vocabulary.piece(kept[k]);
            p[k] = vocabulary.probability(kept[k]);
        }
        return new Vocabulary(pieces, p);
    }

    /** The first vocabulary, sorted by bytes (pruning keeps that order): bytes, seeds, characters, runs. */
    static Vocabulary initial(List<Object2LongMap.Entry<ByteString>> seeds, SymbolCounts symbols, int whitespaceRuns) {
        List<byte[]> pieces = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        java.util.Set<ByteString> present = new java.util.HashSet<>();
        for (int b = 0; b < UnigramOptions.SINGLE_BYTES; b++) {
            pieces.add(new byte[] {(byte) b});
            p.add(Math.max(symbols.byteCount(b), UNSEEN_COUNT));
        }
        for (int i = 0; i < seeds.size(); i++) {
            byte[] piece = seeds.get(i).getKey().bytes();
            if (piece.length < 2) {
                throw new IllegalArgumentException("seed " + i + " is not a multi-byte piece");
            }
            present.add(seeds.get(i).getKey());
            pieces.add(piece);
            p.add((double) seeds.get(i).getLongValue());
        }
        for (SymbolCounts.Character c : symbols.characters()) {
            if (present.add(c.bytes())) {
                pieces.add(c.bytes().bytes());
                p.add((double) c.count());
            }
        }
        for (byte[] run : WhitespaceRuns.pieces(whitespaceRuns)) {
            if (present.add(ByteString.wrap(run))) {
                pieces.add(run);
                p.add(UNSEEN_COUNT);
            }
        }
        Integer[] order = new Integer[pieces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(pieces.get(a), pieces.get(b)));
        byte[][] sorted = new byte[order.length][];
        double[] probabilities = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = pieces.get(order[i]);
            probabilities[i] = p.get(order[i]);
        }
        return new Vocabulary(sorted, probabilities);
    }

    /**
     * The model file: pieces in the reference order with integer counts proportional to the
     * trained probabilities (scaled so that the rarest keeps its precision; at least 1). The kept
     * whitespace runs get at least the probability of two spaces, so each is one token.
     */
    static PieceModel toModel(Vocabulary vocabulary, int whitespaceRuns) {
        double twoSpaces = 0;
        for (int i = 0; i < vocabulary.size(); i++) {
            if (vocabulary.piece(i).length == 1 && vocabulary.piece(i)[0] == ' ') {
                twoSpaces = vocabulary.probability(i) * vocabulary.probability(i);
            }
        }
        long[] counts = new long[vocabulary.size()];
        for (int i = 0; i < counts.length; i++) {
            double p = vocabulary.probability(i);
            if (WhitespaceRuns.isKept(vocabulary.piece(i), whitespaceRuns)) {
                p = Math.max(p, twoSpaces * (1 + 1e-6));
            }
            counts[i] = Math.max(1, Math.round(p * MODEL_COUNT_TOTAL));
        }
        return PieceModel.inReferenceOrder(vocabulary.pieces(), counts);
    }

    /** The model file's counts add up to about this: 2^40 keeps nine significant digits for rare pieces. */
    static final double MODEL_COUNT_TOTAL = 0x1p40;
}
