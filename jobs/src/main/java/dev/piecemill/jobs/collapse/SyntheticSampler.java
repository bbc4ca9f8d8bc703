package dev.piecemill.jobs.collapse;

import dev.piecemill.collapse.SimulationSeeds;
import dev.piecemill.lm.DocumentSampler;
import dev.piecemill.lm.SamplingBias;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples one generation's synthetic documents on the executors from the broadcast models of
 * the generation before. Document i of replicate r draws only from
 * {@link SimulationSeeds#document}(seed, r, g, i), so the corpus is the same however the work is
 * split, and the same as the in-memory simulator's. A token budget is met exactly: documents
 * 0, 1, 2, ... are kept until their tokens reach it, the last one cut. How many documents that
 * takes is not known in advance, so they are sampled in waves sized from the mean length seen.
 */
final class SyntheticSampler {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticSampler.class);
    private static final int MAX_WAVES = 1000;

    private final JavaSparkContext jsc;
    private final CollapseOptions options;
    /** The waves of the last {@link #sample} call, cached until {@link #release}. */
    private final List<JavaRDD<Sampled>> waves = new ArrayList<>();

    SyntheticSampler(JavaSparkContext jsc, CollapseOptions options) {
        this.jsc = jsc;
        this.options = options;
    }

    /** Documents [first, first + count) of one replicate: a task. */
    record Task(int replicate, long first, int count) implements Serializable {}

    /** A sampled document before its text is made. */
    record Sampled(int replicate, long index, int[] ids) implements Serializable {}

    /**
     * @param budget          synthetic units per replicate (tokens, or documents)
     * @param meanLength      a guess of the mean document length (tokens), to size the first wave
     * @param models          generation g-1's models
     * @param tokenizers      generation g-1's tokenizers, which turn the ids into text
     * @param reference       generation 0's tokenizer, which gives the corpus its ids from that text, or null
     *                        when it is generation g-1's (the sampled ids are kept as they are)
     */
    JavaRDD<CorpusDocument> sample(
            int generation,
            long budget,
            double meanLength,
            Broadcast<LanguageModels> models,
            Broadcast<TokenizerSet> tokenizers,
            Broadcast<TokenizerSet> reference) {
        int replicates = options.recursion().replicates();
        if (budget == 0) {
            return jsc.emptyRDD();
        }
        long seed = options.recursion().seed();
        SamplingBias bias = options.recursion().bias();
        int maxLength = options.recursion().maxDocumentLength();
        boolean byTokens = options.budget().unit() == CollapseOptions.Unit.TOKENS;

        long[] next = new long[replicates]; // the next document index to sample
        long[] units = new long[replicates]; // units sampled so far
        long[] keep = new long[replicates]; // documents to keep (the last one maybe cut)
        long[] cutLength = new long[replicates]; // tokens of the last kept document, -1 when whole
        Arrays.fill(keep, -1);
        release();
        List<long[]> lengthsSeen = new ArrayList<>(); // per wave and task: replicate, first, lengths...
        double mean = Math.max(1, meanLength);
        for (int wave = 0; ; wave++) {
            List<Task> tasks = new ArrayList<>();
            for (int r = 0; r < replicates; r++) {
                if (keep[r] >= 0) {
                    continue;
                }
                long missing = budget - units[r];
                long documents = byTokens ? (long) Math.ceil(missing / mean * 1.05) + 1 : missing;
                tasks.addAll(split(r, next[r], documents));
                next[r] += documents;
            }
            if (tasks.isEmpty()) {
                break;
            }
            if (wave == MAX_WAVES) {
                throw new IllegalStateException("sampling generation " + generation + " did not reach " + budget
                        + " units after " + MAX_WAVES + " waves: the model makes (almost) only empty documents");
            }
            JavaRDD<Sampled> sampled = jsc.parallelize(tasks, tasks.size())
                    .flatMap(task -> sampleTask(task, models, bias, maxLength, seed, generation)
                            .iterator())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            waves.add(sampled);
            List<long[]> lengths =
                    sampled.mapPartitions(SyntheticSampler::lengths).collect();
            long wavesTokens = 0;
            long wavesDocuments = 0;
            for (long[] l : lengths) {
                wavesDocuments += l.length - 2;
                for (int i = 2; i < l.length; i++) {
                    wavesTokens += l[i];
                }
            }
            lengthsSeen.addAll(lengths);
            mean = Math.max(1, (double) wavesTokens / Math.max(1, wavesDocuments));
            lengthsSeen.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            Arrays.fill(units, 0);
            for (long[] l : lengthsSeen) {
                int r = (int) l[0];
                for (int i = 2; i < l.length && keep[r] < 0; i++) {
                    long length = byTokens ? l[i] : 1;
                    if (units[r] + length >= budget) {
                        keep[r] = l[1] + i - 2 + 1;
                        cutLength[r] = byTokens ? budget - units[r] : -1;
                    }
                    units[r] += length;
                }
            }
            LOG.info(
                    "collapse: generation {}: sampling wave {} made {} documents, mean {} tokens",
                    generation,
                    wave + 1,
                    wavesDocuments,
                    String.format("%.1f", mean));
        }
        long[] keepFinal = keep;
        long[] cutFinal = cutLength;
        @SuppressWarnings("unchecked") // Spark's union takes its RDDs as varargs, an array of a generic type
        JavaRDD<Sampled> all = waves.size() == 1 ? waves.get(0) : jsc.union(waves.toArray(JavaRDD[]::new));
        return all.filter(s -> s.index() < keepFinal[s.replicate()])
                .map(s -> toDocument(
                        s,
                        s.index() == keepFinal[s.replicate()] - 1 ? cutFinal[s.replicate()] : -1,
                        generation,
                        tokenizers,
                        reference));
    }

    /** Frees the cached waves once the documents are written. */
    void release() {
        waves.forEach(JavaRDD::unpersist);
        waves.clear();
    }

    /** Tasks covering documents [first, first + count) of a replicate, enough of them to keep every core busy. */
    private List<Task> split(int replicate, long first, long count) {
        int parallelism = jsc.defaultParallelism();
        long perTask = Math.max(16, (count * options.recursion().replicates()) / (4L * parallelism) + 1);
        List<Task> tasks = new ArrayList<>();
        for (long from = first; from < first + count; from += perTask) {
            tasks.add(new Task(replicate, from, (int) Math.min(perTask, first + count - from)));
        }
        return tasks;
    }

    private static List<Sampled> sampleTask(
            Task task, Broadcast<LanguageModels> models, SamplingBias bias, int maxLength, long seed, int generation) {
        DocumentSampler sampler = new DocumentSampler(models.value().model(task.replicate()), bias, maxLength);
        List<Sampled> out = new ArrayList<>(task.count());
        for (long i = task.first(); i < task.first() + task.count(); i++) {
            out.add(new Sampled(
                    task.replicate(),
                    i,
                    sampler.sampleDocument(SimulationSeeds.document(seed, task.replicate(), generation, i))));
        }
        return out;
    }

    /** A task's documents as one array: replicate, first index, then each document's length. */
    private static java.util.Iterator<long[]> lengths(java.util.Iterator<Sampled> documents) {
        List<Sampled> list = new ArrayList<>();
        documents.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        long[] out = new long[list.size() + 2];
        out[0] = list.get(0).replicate();
        out[1] = list.get(0).index();
        for (int i = 0; i < list.size(); i++) {
            out[i + 2] = list.get(i).ids().length;
        }
        return List.of(out).iterator();
    }

    private static CorpusDocument toDocument(
            Sampled s,
            long cut,
            int generation,
            Broadcast<TokenizerSet> tokenizers,
            Broadcast<TokenizerSet> reference) {
        int[] ids = cut >= 0 ? Arrays.copyOf(s.ids(), (int) cut) : s.ids();
        String text = TokenizerSet.tokenizer(tokenizers, s.replicate()).decode(ids);
        if (reference != null) {
            ids = TokenizerSet.tokenizer(reference, s.replicate()).encode(text);
        }
        return new CorpusDocument(
                s.replicate(), "gen" + generation + "/" + s.index(), CorpusDocument.SYNTHETIC, text, ids);
    }
}
