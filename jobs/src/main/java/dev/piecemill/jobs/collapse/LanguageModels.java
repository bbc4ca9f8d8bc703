package dev.piecemill.jobs.collapse;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.NgramTally;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One generation's token n-gram language models, one per replicate: their padded n-grams are
 * counted on the executors (a tally per task, summed by a shuffle) into {@code gen=G/ngrams}
 * (Parquet: {@code replicate} int, {@code ngram} array&lt;int&gt; of length order, BOS-padded
 * and EOS-closed as the model reads documents, {@code count} long), then each model is built on
 * the driver from its counts and broadcast.
 */
final class LanguageModels implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rough heap bytes per distinct n-gram of the model (entries and context nodes), for the check before collecting. */
    private static final long BYTES_PER_NGRAM_PER_ORDER = 40;

    private final NgramLanguageModel[] byReplicate;
    private final long distinctNgrams;

    private LanguageModels(NgramLanguageModel[] byReplicate, long distinctNgrams) {
        this.byReplicate = byReplicate;
        this.distinctNgrams = distinctNgrams;
    }

    /** Rows of the count table the models were built from (distinct n-grams, summed over replicates). */
    long distinctNgrams() {
        return distinctNgrams;
    }

    NgramLanguageModel model(int replicate) {
        return byReplicate[replicate == CorpusTable.SHARED ? 0 : replicate];
    }

    /** Heap bytes of the distinct models: what their broadcast costs every executor. */
    long memoryBytes() {
        return java.util.Arrays.stream(byReplicate)
                .distinct()
                .mapToLong(NgramLanguageModel::memoryBytes)
                .sum();
    }

    /** Counts the corpus's padded n-grams of length {@code order} per replicate into {@code path}. */
    static void count(Dataset<CorpusDocument> corpus, int order, String path) {
        tallied(corpus, order)
                .groupBy("replicate", "ngram")
                .agg(sum("count").as("count"))
                .write()
                .parquet(path);
    }

    /**
     * The counts at {@code earlier} with {@code added}'s padded n-grams counted in, into {@code
     * path}: accumulate's next table, without counting the earlier corpus again. An earlier shared
     * table (replicate -1) counts for each of {@code replicates}.
     */
    static void countAdding(
            SparkSession spark, Dataset<CorpusDocument> added, String earlier, int order, int replicates, String path) {
        Column replicate = col("replicate");
        Dataset<Row> before = RunDirectory.table(spark, earlier)
                .select(
                        explode(when(replicate.equalTo(CorpusTable.SHARED), sequence(lit(0), lit(replicates - 1)))
                                        .otherwise(array(replicate)))
                                .as("replicate"),
                        col("ngram"),
                        col("count"));
        tallied(added, order)
                .unionByName(before)
                .groupBy("replicate", "ngram")
                .agg(sum("count").as("count"))
                .write()
                .parquet(path);
    }

    /** Each task's partial counts, per replicate: replicate, n, ngram, count. */
    private static Dataset<Row> tallied(Dataset<CorpusDocument> corpus, int order) {
        return ReplicateIds.of(corpus)
                .mapPartitions(
                        (MapPartitionsFunction<ReplicateIds, NgramCountRow>) documents -> {
                            Map<Integer, NgramTally[]> tallies = new HashMap<>();
                            while (documents.hasNext()) {
                                ReplicateIds d = documents.next();
                                tallies
                                        .computeIfAbsent(
                                                d.getReplicate(), r -> new NgramTally[] {new NgramTally(order)})[0]
                                        .addPaddedDocument(d.getIds());
                            }
                            return NgramCountRow.rows(tallies);
                        },
                        Encoders.bean(NgramCountRow.class))
                .select("replicate", "ngram", "count");
    }

    /**
     * Builds the models from the counts at {@code path} for {@code replicates} replicates (a
     * shared count table, replicate -1, gives every replicate the same model). Refuses, before
     * collecting anything, models whose estimated size exceeds {@code maxBytes}.
     */
    static LanguageModels build(
            SparkSession spark,
            String path,
            int order,
            Smoothing smoothing,
            int replicates,
            long maxBytes,
            String what) {
        Dataset<Row> table = RunDirectory.table(spark, path);
        long distinct = table.count();
        long estimate = distinct * order * BYTES_PER_NGRAM_PER_ORDER;
        if (estimate > maxBytes) {
            throw new UserError(String.format(
                    "the language models of %s would take about %,d MB "
                            + "(%,d distinct %d-grams), more than the %,d MB allowed (--max-model-mb; they are broadcast to "
                            + "every executor): lower --lm-order or the tokens per generation, or give more memory",
                    what, estimate >> 20, distinct, order, maxBytes >> 20));
        }
        Map<Integer, NgramTally> tallies = new HashMap<>();
        Iterator<Row> rows = table.toLocalIterator();
        int[] ngram = new int[order];
        while (rows.hasNext()) {
            Row row = rows.next();
            List<Integer> tokens = row.getList(1);
            for (int i = 0; i < order; i++) {
                ngram[i] = tokens.get(i);
            }
            tallies.computeIfAbsent(row.getInt(0), r -> new NgramTally(order)).add(ngram, 0, row.getLong(2));
        }
        NgramLanguageModel[] models = new NgramLanguageModel[replicates];
        if (tallies.containsKey(CorpusTable.SHARED)) {
            java.util.Arrays.fill(models, NgramLanguageModel.fromCounts(tallies.get(CorpusTable.SHARED), smoothing));
        } else {
            for (int r = 0; r < replicates; r++) {
                NgramTally tally = tallies.get(r);
                if (tally == null) {
                    throw new IllegalStateException(what + ": replicate " + r + " has no n-gram counts in " + path);
                }
                models[r] = NgramLanguageModel.fromCounts(tally, smoothing);
            }
        }
        LanguageModels built = new LanguageModels(models, distinct);
        if (built.memoryBytes() > maxBytes) {
            throw new UserError(String.format(
                    "the language models of %s take %,d MB, more than the " + "%,d MB allowed (--max-model-mb)",
                    what, built.memoryBytes() >> 20, maxBytes >> 20));
        }
        return built;
    }
}
