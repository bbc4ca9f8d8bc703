package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.io.TokenParquet;
import dev.piecemill.pack.PackBuckets;
import dev.piecemill.pack.PackFraming;
import dev.piecemill.pack.TokenDtype;
import dev.piecemill.piece.PieceModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The second stage of tokenize --pack: reads the per-document table back from OUTPUT (doc_id,
 * ids: nothing is tokenized twice), sends each document to its bucket, sorts every bucket in
 * pack order and packs it, one task a bucket, into OUTPUT/packed: Parquet rows, or bin shards
 * with their doc ids and index.json. Partition i is bucket i, so the output, file by file, does
 * not depend on how the input was partitioned.
 */
public final class PackStage {
    private static final Logger LOG = LoggerFactory.getLogger(PackStage.class);
    /** Inside OUTPUT. */
    public static final String FOLDER = "packed";
    /** Inside FOLDER, with --pack-format bin. */
    public static final String DOC_IDS_FOLDER = "doc_ids";

    public static final String INDEX_FILE = "index.json";

    private PackStage() {}

    static PackSummary run(SparkSession spark, TokenizeOptions options, int vocabSize, TokenizeSummary tokenized)
            throws IOException {
        long started = System.nanoTime();
        PackOptions pack = options.pack();
        String folder = options.output() + "/" + FOLDER;
        CollectionAccumulator<BucketTotals> reported = spark.sparkContext().collectionAccumulator("pack buckets");
        PackFraming framing = new PackFraming(options.addBos(), options.addEos());
        int length = pack.length();
        JavaRDD<PackedRow> rows = bucketsInPackOrder(spark, options.output(), pack.buckets())
                .mapPartitionsWithIndex(
                        (bucket, docs) -> new BucketPacker(bucket, docs, framing, length, reported), true);
        LOG.info(
                "pack: {} buckets into rows of {} tokens, {} in {}",
                pack.buckets(),
                length,
                pack.format().cliName(),
                folder);
        TokenDtype dtype = TokenDtype.forVocabSize(vocabSize);
        if (pack.format() == PackFormat.PARQUET) {
            TokenParquet.write(spark, PackedRow.rowsTable(spark, rows), folder, "ids");
        } else {
            Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(
                            new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
            JavaRDD<PackedRow> written = rows.mapPartitionsWithIndex(
                    (bucket, packed) -> new ShardWriter(
                            packed,
                            folder + "/" + shardName(bucket),
                            dtype,
                            conf.value().value()),
                    true);
            PackedRow.docIdsTable(spark, written).write().parquet(folder + "/" + DOC_IDS_FOLDER);
        }

        List<BucketTotals> buckets = byBucket(reported.value());
        long documents = buckets.stream().mapToLong(BucketTotals::documents).sum();
        long pieces = buckets.stream().mapToLong(BucketTotals::pieces).sum();
        if (documents != tokenized.documents() || pieces != tokenized.tokens()) {
            throw new IllegalStateException(String.format(
                    "the pack stage read back %d documents of %d pieces, but " + "tokenize wrote %d of %d",
                    documents, pieces, tokenized.documents(), tokenized.tokens()));
        }
        long sequences = buckets.stream().mapToLong(BucketTotals::sequences).sum();
        long leftover = buckets.stream().mapToLong(BucketTotals::leftoverTokens).sum();
        if (pack.format() == PackFormat.BIN) {
            writeIndex(
                    folder,
                    buckets,
                    options,
                    vocabSize,
                    dtype,
                    leftover,
                    spark.sparkContext().hadoopConfiguration());
        }
        return new PackSummary(
                length,
                pack.buckets(),
                pack.format().cliName(),
                sequences,
                sequences * length,
                documents * framing.separatorsPerDocument(),
                leftover,
                (System.nanoTime() - started) / 1e9);
    }

    /** Bucket b's shard, inside FOLDER. */
    public static String shardName(int bucket) {
        return String.format(Locale.ROOT, "shard-%05d.bin", bucket);
    }

    /**
     * The documents of OUTPUT, partition i holding bucket i's documents in pack order. Read as
     * Spark's internal rows, whose ids copy out into an int[] without boxing each one.
     */
    private static JavaRDD<PackDocument> bucketsInPackOrder(SparkSession spark, String output, int buckets) {
        return spark.read()
                .parquet(output)
                .select("doc_id", "ids")
                .queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapToPair(row -> {
                    String docId = row.getUTF8String(0).toString();
                    int[] ids = row.getArray(1).toIntArray();
                    return new Tuple2<PackDocument, Void>(
                            new PackDocument(PackBuckets.of(docId, buckets), docId, ids), null);
                })
                .repartitionAndSortWithinPartitions(new BucketPartitioner(buckets), new PackDocument.Order())
                .keys();
    }

    /** One totals record a bucket, in bucket order (a bucket's task reports once; a repeat would be the same). */
    private static List<BucketTotals> byBucket(List<BucketTotals> reported) {
        Map<Integer, BucketTotals> byBucket = new TreeMap<>();
        for (BucketTotals totals : reported) {
            byBucket.putIfAbsent(totals.bucket(), totals);
        }
        return new ArrayList<>(byBucket.values());
    }

    /** Checks every shard's size against its rows, then writes the index that describes them. */
    private static void writeIndex(
            String folder,
            List<BucketTotals> buckets,
            TokenizeOptions options,
            int vocabSize,
            TokenDtype dtype,
            long leftover,
            Configuration conf)
            throws IOException {
        int length = options.pack().length();
        FileSystem fs = new Path(folder).getFileSystem(conf);
        List<PackIndex.Shard> shards = new ArrayList<>();
        long sequences = 0;
        for (BucketTotals bucket : buckets) {
            if (bucket.sequences() == 0) {
                continue;
            }
            String name = shardName(bucket.bucket());
            long expected = bucket.sequences() * length * dtype.bytes();
            long actual = fs.getFileStatus(new Path(folder, name)).getLen();
            if (actual != expected) {
                throw new IllegalStateException(folder + "/" + name + " has " + actual + " bytes, not the " + expected
                        + " of its " + bucket.sequences() + " rows");
            }
            shards.add(new PackIndex.Shard(name, bucket.bucket(), bucket.sequences(), bucket.sequences() * length));
            sequences += bucket.sequences();
        }
        PackIndex index = new PackIndex(
                PackIndex.VERSION,
                dtype.numpyName(),
                "little",
                length,
                vocabSize,
                options.addBos(),
                PieceModel.BOS_ID,
                PieceModel.EOS_ID,
                sequences,
                sequences * length,
                leftover,
                options.pack().buckets(),
                DOC_IDS_FOLDER,
                shards);
        JsonFiles.write(index, folder + "/" + INDEX_FILE, conf);
    }
}
