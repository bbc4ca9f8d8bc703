package dev.piecemill.jobs.collapse;

import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.spark.ExecutorTokenizers;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The real data of a run, read once in generation 0: the input's documents, bad records handled
 * by the shared rule, split into training and held-out documents by a hash of their id (so the
 * split is the same for every seed and loop), and tokenized by generation 0's tokenizer.
 *
 * @param training the real documents the loops train on (replicate {@link CorpusTable#SHARED})
 * @param heldout  the held-out real documents
 */
record RealCorpus(Dataset<CorpusDocument> training, Dataset<CorpusDocument> heldout) {
    static final String TRAINING_TEXT = "training_text";

    /** True when the document with this id is held out: its id hashes below the fraction. */
    static boolean isHeldOut(String docId, double heldoutFraction) {
        double u = (Seeds.hash64(docId) >>> 11) * 0x1.0p-53;
        return u < heldoutFraction;
    }

    /**
     * Reads the input and writes its training texts to {@code textPath} (what a tokenizer is
     * trained on, and what the training split is cut from), returning the record counts. Bad
     * records stop the job, or go to {@code quarantinePath} with --skip-bad-records.
     */
    static RecordCounts readInput(SparkSession spark, CollapseOptions options, String textPath, String quarantinePath)
            throws IOException {
        Corpus.Source source = Corpus.read(spark, options.corpus());
        var sc = spark.sparkContext();
        LongAccumulator read = sc.longAccumulator("records read");
        LongAccumulator quarantined = sc.longAccumulator("quarantined");
        LongAccumulator documents = sc.longAccumulator("documents");
        RecordFilter filter = new RecordFilter(options.skipBadRecords(), read, quarantined);
        double heldout = options.heldoutFraction();
        JavaRDD<Row> rows = source.records().flatMap(record -> {
            CorpusRecord.Document doc = filter.accept(record);
            if (doc == null) {
                return Collections.<Row>emptyIterator();
            }
            documents.add(1);
            return List.of(RowFactory.create(doc.id(), doc.text(), isHeldOut(doc.id(), heldout)))
                    .iterator();
        });
        spark.createDataFrame(
                        rows,
                        new StructType()
                                .add("doc_id", "string", false)
                                .add("text", "string", false)
                                .add("heldout", "boolean", false))
                .write()
                .partitionBy("heldout")
                .parquet(textPath);
        if (quarantined.value() > 0) {
            Quarantine.write(spark, source.records(), quarantinePath);
        }
        return new RecordCounts(read.value(), documents.value(), quarantined.value()).requireBalanced("collapse");
    }

    /** The folder of the training texts inside what {@link #readInput} wrote (what a tokenizer is trained on). */
    static String trainingTexts(String textPath) {
        return textPath + "/heldout=false";
    }

    /**
     * Tokenizes the texts {@link #readInput} wrote with generation 0's tokenizer and writes the
     * two splits as corpus tables (replicate {@link CorpusTable#SHARED}).
     */
    static void tokenize(
            SparkSession spark, String textPath, PieceModel tokenizer, String trainingPath, String heldoutPath) {
        Broadcast<PieceModel> model =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(tokenizer);
        // Partition discovery reads the heldout folders' values as strings.
        Dataset<Row> texts = spark.read().parquet(textPath).selectExpr("doc_id", "text", "heldout = 'true' AS heldout");
        Dataset<CorpusDocument> all = texts.map(
                        (MapFunction<Row, CorpusDocument>) row -> {
                            Tokenizer t = ExecutorTokenizers.of(model);
                            String text = row.getAs("text");
                            return new CorpusDocument(
                                    row.<Boolean>getAs("heldout") ? HELDOUT : CorpusTable.SHARED,
                                    row.getAs("doc_id"),
                                    CorpusDocument.REAL,
                                    text,
                                    t.encode(text));
                        },
                        CorpusTable.ENCODER)
                .persist(StorageLevel.MEMORY_AND_DISK());
        CorpusTable.write(all.filter("replicate = " + CorpusTable.SHARED), trainingPath);
        CorpusTable.write(
                all.filter("replicate = " + HELDOUT)
                        .map(
                                (MapFunction<CorpusDocument, CorpusDocument>) d -> d.inReplicate(CorpusTable.SHARED),
                                CorpusTable.ENCODER),
                heldoutPath);
        all.unpersist();
        model.destroy();
    }

    /** Tags held-out rows while the splits are computed together (never written). */
    private static final int HELDOUT = -2;

    /**
     * A run's real data as generation 0 wrote it. The held-out set, measured every generation and
     * small enough to be read as one partition, is spread over every core once (its sums do not
     * depend on the order).
     */
    static RealCorpus load(SparkSession spark, String trainingPath, String heldoutPath) {
        return new RealCorpus(
                CorpusTable.read(spark, trainingPath).persist(StorageLevel.MEMORY_AND_DISK()),
                CorpusTable.read(spark, heldoutPath)
                        .repartition(spark.sparkContext().defaultParallelism())
                        .persist(StorageLevel.MEMORY_AND_DISK()));
    }
}
