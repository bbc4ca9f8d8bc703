package dev.piecemill.jobs.collapse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.io.AtomicFiles;
import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.report.ReportedRun;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of a collapse run and its commits. A generation is written into
 * {@code DIR/gen=G/} and committed by its record, {@code DIR/gen=G/generation.json}, which is
 * written last and moved into place by one rename: a generation folder without it is an
 * unfinished one, removed when the run starts again and resumes after the last committed
 * generation. Just before it, {@code DIR/gen=G/files.json} lists every file the generation wrote
 * with its length, and a resume checks them: a part file lost from a table of several would
 * otherwise be read as a smaller table without any error. {@code DIR/run.json} records the
 * settings a run was made with.
 */
final class RunDirectory {
    static final String RUN_FILE = ReportedRun.SETTINGS_FILE; // the report shows the settings from it
    static final String GENERATION_FILE = "generation.json";
    static final String FILES_FILE = "files.json";
    static final String MODEL_FILE = "model.json";
    private final String root;
    private final Configuration conf;
    private final FileSystem fs;

    RunDirectory(String root, Configuration conf) throws IOException {
        this.root = root;
        this.conf = conf;
        this.fs = new Path(root).getFileSystem(conf);
    }

    Configuration conf() {
        return conf;
    }

    String generation(int g) {
        return root + "/gen=" + g;
    }

    /** Generation g's training corpus ({@link CorpusTable}). */
    String corpus(int g) {
        return generation(g) + "/corpus";
    }

    /** Generation 0's tokenizer, trained or given (a BytePiece model file). */
    String tokenizer0() {
        return generation(0) + "/tokenizer/" + MODEL_FILE;
    }

    /** Replicate r's tokenizer of generation g, with --tokenizer retrain. */
    String tokenizer(int g, int r) {
        return generation(g) + "/tokenizer/replicate=" + r + "/" + MODEL_FILE;
    }

    /** Generation g's n-gram counts, which its models are built from. */
    String ngrams(int g) {
        return generation(g) + "/ngrams";
    }

    /** The real reference sample every generation is measured against (a sampled generation 0 only). */
    String reference() {
        return generation(0) + "/reference";
    }

    /** The reference's n-gram counts, which its models (for the sample perplexity) are built from. */
    String referenceNgrams() {
        return generation(0) + "/reference_ngrams";
    }

    /** The real training documents the pools are cut from (a sampled generation 0, or fresh). */
    String realPool() {
        return generation(0) + "/real";
    }

    String heldout() {
        return generation(0) + "/heldout";
    }

    /**
     * Opens the run: a new one (writing run.json), or an earlier one made with the same settings,
     * whose committed generations are kept; returns how many generations are committed. A folder
     * made otherwise, or with other settings, is refused unless {@code overwrite}; one that holds
     * nothing but hidden files (a run killed before its run.json was written) is started afresh.
     */
    int open(Map<String, Object> identity, boolean overwrite) throws IOException {
        Path rootPath = new Path(root);
        Path runFile = new Path(root, RUN_FILE);
        if (fs.exists(rootPath) && overwrite) {
            if (!fs.delete(rootPath, true)) {
                throw new IOException("cannot remove the old output " + root);
            }
        }
        if (fs.exists(rootPath) && !fs.exists(runFile) && holdsOnlyHiddenFiles(rootPath)) {
            fs.delete(rootPath, true); // a run killed before its run.json was in place: start it again
        }
        if (fs.exists(rootPath)) {
            if (!fs.exists(runFile)) {
                throw new UserError("output " + root + " exists and is not a collapse run (no " + RUN_FILE
                        + "); pass --overwrite to replace it");
            }
            JsonNode before;
            try (InputStream in = fs.open(runFile)) {
                before = JsonFiles.MAPPER.readTree(in);
            } catch (IOException e) {
                throw damaged(RUN_FILE, e);
            }
            JsonNode now = JsonFiles.MAPPER.readTree(JsonFiles.toJson(identity)); // numbers typed as a file reads them
            if (!before.equals(now)) {
                throw new UserError("output " + root + " holds a run made with other settings ("
                        + firstDifference(before, now) + "); use another --output, or --overwrite to start again");
            }
            int committed = committedGenerations();
            for (int g = 0; g < committed; g++) {
                checkFiles(g);
            }
            fs.delete(new Path(generation(committed)), true); // a generation that did not commit
            return committed;
        }
        fs.mkdirs(rootPath);
        JsonFiles.write(identity, runFile.toString(), conf);
        return 0;
    }

    /** Generation g's record, as it committed the generation. */
    GenerationRecord record(int g) {
        Path path = new Path(generation(g), GENERATION_FILE);
        try (InputStream in = fs.open(path)) {
            return JsonFiles.MAPPER.readValue(in, GenerationRecord.class);
        } catch (IOException e) {
            throw damaged("gen=" + g + "/" + GENERATION_FILE, e);
        }
    }

    /**
     * A Parquet table the run wrote, read back; a folder that holds no readable Parquet (Spark
     * then names no file) is an error naming it.
     */
    static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(
            org.apache.spark.sql.SparkSession spark, String path) {
        try {
            return spark.read().parquet(path);
        } catch (Exception e) { // Spark's AnalysisException, undeclared
            throw new UserError(path + ": not a readable Parquet table (" + e.getMessage() + ")", e);
        }
    }

    /** A committed file of the run cannot be read back. */
    static final class DamagedRunError extends UserError {
        private static final long serialVersionUID = 1L;

        DamagedRunError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The error for a committed file that cannot be read back: the user's to fix, as the folder
     * was damaged after the run wrote it (a disk, a copy, a hand).
     */
    DamagedRunError damaged(String what, Throwable cause) {
        String why = cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        return new DamagedRunError(
                "output " + root + " is a damaged collapse run: " + what + " cannot be read (" + why
                        + "); pass --overwrite to start it again",
                cause);
    }

    /** As above for a file found changed since its generation committed. */
    private DamagedRunError damaged(String what, String why) {
        return new DamagedRunError(
                "output " + root + " is a damaged collapse run: " + what + " (" + why
                        + "); pass --overwrite to start it again",
                null);
    }

    /**
     * True when a failure came from reading this run's files: an I/O or format error whose
     * message, or one of its causes', names a path inside the folder.
     */
    boolean isReadFailureInside(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(root)) {
                return true;
            }
        }
        return false;
    }

    private boolean holdsOnlyHiddenFiles(Path folder) throws IOException {
        for (org.apache.hadoop.fs.FileStatus entry : fs.listStatus(folder)) {
            String name = entry.getPath().getName();
            if (!entry.isFile() || !(name.startsWith(".") || name.startsWith("_"))) {
                return false;
            }
        }
        return true;
    }

    /** Committed generations: gen=0, gen=1, ... without a gap, each with its record. */
    int committedGenerations() throws IOException {
        int g = 0;
        while (fs.exists(new Path(generation(g), GENERATION_FILE))) {
            g++;
        }
        return g;
    }

    /** Commits generation g: lists its files, then moves its record into place. */
    void commit(int g, Object record) throws IOException {
        replace(
                generation(g),
                FILES_FILE,
                JsonFiles.toJson(files(g)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        replace(
                generation(g),
                GENERATION_FILE,
                JsonFiles.toJson(record).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The files of generation g's folder (their paths inside it, sorted) with their lengths: all
     * but Hadoop's checksums (a copy may leave them out) and the two files that commit it.
     */
    private Map<String, Long> files(int g) throws IOException {
        Path folder = new Path(generation(g));
        String prefix = fs.makeQualified(folder).toUri().getPath() + "/";
        Map<String, Long> files = new java.util.TreeMap<>();
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(folder, true);
        while (it.hasNext()) {
            org.apache.hadoop.fs.LocatedFileStatus file = it.next();
            String name = file.getPath().toUri().getPath().substring(prefix.length());
            String base = file.getPath().getName();
            if (!base.endsWith(".crc") && !name.equals(FILES_FILE) && !name.equals(GENERATION_FILE)) {
                files.put(name, file.getLen());
            }
        }
        return files;
    }

    /** Generation g's folder holds the files it committed, of their lengths, and no other that Spark would read. */
    private void checkFiles(int g) throws IOException {
        String where = "gen=" + g + "/";
        Map<String, Long> committed;
        try (InputStream in = fs.open(new Path(generation(g), FILES_FILE))) {
            committed = JsonFiles.MAPPER.readValue(
                    in, new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Long>>() {});
        } catch (IOException e) {
            throw damaged(where + FILES_FILE, e);
        }
        Map<String, Long> present = files(g);
        for (Map.Entry<String, Long> file : committed.entrySet()) {
            Long length = present.get(file.getKey());
            if (length == null) {
                throw damaged(where + file.getKey(), "it is missing");
            }
            if (!length.equals(file.getValue())) {
                throw damaged(where + file.getKey(), length + " bytes, committed with " + file.getValue());
            }
        }
        for (String name : present.keySet()) {
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (!committed.containsKey(name) && !base.startsWith("_") && !base.startsWith(".")) {
                throw damaged(where + name, "the run did not write it, and a table would read it");
            }
        }
    }

    /** Writes a small derived file of the run (metrics.csv, report.html) by writing a sibling and renaming it into place. */
    void replace(String name, byte[] content) throws IOException {
        replace(root, name, content);
    }

    private void replace(String folder, String name, byte[] content) throws IOException {
        AtomicFiles.write(new Path(folder, name).toString(), conf, out -> out.write(content));
    }

    void delete(String path) throws IOException {
        fs.delete(new Path(path), true);
    }

    private static String firstDifference(JsonNode before, JsonNode now) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        now.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!java.util.Objects.equals(before.get(name), now.get(name))) {
                return name + " was " + before.get(name) + ", now " + now.get(name);
            }
        }
        return "settings differ";
    }
}
