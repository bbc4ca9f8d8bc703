package dev.piecemill.collapse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.io.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of a collapse run and its commits. A generation is written under
 * {@code DIR/_staging/gen=G} and committed by one rename to {@code DIR/gen=G}, so a generation
 * folder exists only when it is complete; a run started again resumes after the last one.
 * {@code DIR/run.json} records the settings a run was made with.
 */
final class RunDirectory {
    static final String RUN_FILE = "run.json";
    private final String root;
    private final Configuration conf;
    private final FileSystem fs;

    RunDirectory(String root, Configuration conf) throws IOException {
        this.root = root;
        this.conf = conf;
        this.fs = new Path(root).getFileSystem(conf);
    }

    String root() {
        return root;
    }

    Configuration conf() {
        return conf;
    }

    String generation(int g) {
        return root + "/gen=" + g;
    }

    String staging(int g) {
        return root + "/_staging/gen=" + g;
    }

    /**
     * Opens the run: a new one (writing run.json), or an earlier one made with the same settings,
     * whose committed generations are kept; returns how many generations are committed. A folder
     * made otherwise, or with other settings, is refused unless {@code overwrite}.
     */
    int open(Map<String, Object> identity, boolean overwrite) throws IOException {
        Path rootPath = new Path(root);
        Path runFile = new Path(root, RUN_FILE);
        if (fs.exists(rootPath) && overwrite) {
            if (!fs.delete(rootPath, true)) {
                throw new IOException("cannot remove the old output " + root);
            }
        }
        if (fs.exists(rootPath)) {
            if (!fs.exists(runFile)) {
                throw new IllegalArgumentException("output " + root + " exists and is not a collapse run (no " + RUN_FILE
                        + "); pass --overwrite to replace it");
            }
            JsonNode before;
            try (InputStream in = fs.open(runFile)) {
                before = JsonFiles.MAPPER.readTree(in);
            }
            JsonNode now = JsonFiles.MAPPER.readTree(JsonFiles.toJson(identity)); // numbers typed as a file reads them
            if (!before.equals(now)) {
                throw new IllegalArgumentException("output " + root + " holds a run made with other settings ("
                        + firstDifference(before, now) + "); use another --output, or --overwrite to start again");
            }
            fs.delete(new Path(root, "_staging"), true); // a generation that did not commit
            return committedGenerations();
        }
        fs.mkdirs(rootPath);
        JsonFiles.write(identity, runFile.toString(), conf);
        return 0;
    }

    /** Committed generations: gen=0, gen=1, ... without a gap. */
    int committedGenerations() throws IOException {
        int g = 0;
        while (fs.exists(new Path(generation(g)))) {
            g++;
        }
        return g;
    }

    /** Commits generation g: its staging folder becomes DIR/gen=g in one rename. */
    void commit(int g) throws IOException {
        Path target = new Path(generation(g));
        fs.mkdirs(target.getParent());
        if (!fs.rename(new Path(staging(g)), target)) {
            throw new IOException("cannot commit generation " + g + ": renaming " + staging(g) + " to " + target + " failed");
        }
    }

    /** Writes a small derived file (metrics.csv, report.html) by writing a sibling and renaming it into place. */
    void replace(String name, byte[] content) throws IOException {
        Path target = new Path(root, name);
        Path temporary = new Path(root, "_" + name + ".tmp");
        try (var out = fs.create(temporary, true)) {
            out.write(content);
        }
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            throw new IOException("cannot write " + target);
        }
    }

    boolean exists(String path) throws IOException {
        return fs.exists(new Path(path));
    }

    void delete(String path) throws IOException {
        fs.delete(new Path(path), true);
    }

    private static String firstDifference(JsonNode before, JsonNode now) {
        var names = before.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!before.get(name).equals(now.get(name))) {
                return name + " was " + before.get(name) + ", now " + now.get(name);
            }
        }
        return "settings differ";
    }
}
