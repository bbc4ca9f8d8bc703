package dev.piecemill.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A collapse run's folder as the report reads it: RUN/metrics.csv, and RUN/run.json (the settings, a flat
 * JSON object) when there is one.
 *
 * @param path       the folder as given
 * @param name       its last path component, after resolving it (so "." has a name too)
 * @param parentName the component before it ("" at the root), to tell apart runs with the same name
 * @param settings   run.json's keys in file order, each value as text; empty without run.json
 * @param theory     theory.json, what the run's exact predictions start from, or null when it has none
 */
public record ReportedRun(
        String path,
        String name,
        String parentName,
        MetricsTable metrics,
        Map<String, String> settings,
        TheoryInputs theory) {
    public static final String METRICS_FILE = "metrics.csv";
    public static final String SETTINGS_FILE = "run.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ReportedRun read(String dir, Configuration conf) throws IOException {
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        Path qualified = fs.makeQualified(folder);
        if (!fs.exists(qualified)) {
            throw new UserError("run folder " + dir + " does not exist");
        }
        MetricsTable metrics = MetricsTable.read(new Path(folder, METRICS_FILE).toString(), conf);
        Path settingsFile = new Path(folder, SETTINGS_FILE);
        Map<String, String> settings = fs.exists(settingsFile) ? settings(fs, settingsFile) : Map.of();
        Path theoryFile = new Path(folder, TheoryInputs.FILE);
        TheoryInputs theory = fs.exists(theoryFile) ? theory(fs, theoryFile) : null;
        Path parent = qualified.getParent();
        String name = qualified.getName().isEmpty() ? qualified.toString() : qualified.getName();
        return new ReportedRun(dir, name, parent == null ? "" : parent.getName(), metrics, settings, theory);
    }

    /** Whether the run's tokenizer can change (so its tokenizer metrics can vary); unknown settings count as yes. */
    public boolean tokenizerVaries() {
        return !"fixed".equals(settings.get("tokenizer"));
    }

    private static TheoryInputs theory(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return dev.piecemill.jobs.io.JsonFiles.MAPPER.readValue(in, TheoryInputs.class);
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not a theory file: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> settings(FileSystem fs, Path file) throws IOException {
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UserError(file + ": expected a JSON object of settings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        root.fields()
                .forEachRemaining(e -> out.put(
                        e.getKey(),
                        e.getValue().isTextual()
                                ? e.getValue().textValue()
                                : e.getValue().toString()));
        return Collections.unmodifiableMap(out);
    }
}
