package dev.piecemill.jobs.io;

import dev.piecemill.util.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Expands the user's inputs (files, folders, globs; any Hadoop file system) into the sorted list
 * of files to read, each with a name relative to the input it was found under.
 */
public final class InputFiles {
    /** A file and its size. */
    public record InputFile(String path, String name, long size) {}

    private InputFiles() {}

    public static List<InputFile> list(List<String> inputs, Configuration conf) throws IOException {
        TreeMap<String, InputFile> files = new TreeMap<>();
        for (String input : inputs) {
            Path pattern = new Path(input);
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new UserError("input " + input + " matches no file");
            }
            int before = files.size();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    String root = match.getPath().toString();
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        String path = f.getPath().toString();
                        String name = path.substring(root.length() + 1);
                        if (!hidden(name)) {
                            files.putIfAbsent(path, new InputFile(path, name, f.getLen()));
                        }
                    }
                } else {
                    String path = match.getPath().toString();
                    files.putIfAbsent(path, new InputFile(path, match.getPath().getName(), match.getLen()));
                }
            }
            if (files.size() == before) {
                throw new UserError("input " + input + " holds no readable file"
                        + " (names starting with '_' or '.' are skipped, as Spark does)");
            }
        }
        return withUniqueNames(new ArrayList<>(files.values()));
    }

    /** Spark's convention: _SUCCESS, _temporary, .crc files and the like are not data. */
    private static boolean hidden(String relativeName) {
        for (String part : relativeName.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Document ids are built from names; when two inputs give the same name, use full paths. */
    private static List<InputFile> withUniqueNames(List<InputFile> files) {
        Set<String> names = new HashSet<>();
        for (InputFile f : files) {
            if (!names.add(f.name())) {
                List<InputFile> renamed = new ArrayList<>();
                for (InputFile g : files) {
                    renamed.add(new InputFile(g.path(), g.path(), g.size()));
                }
                return renamed;
            }
        }
        return files;
    }

    /** Cuts the files into read tasks: compressed files whole, others in ranges of splitBytes. */
    public static List<InputSplit> splits(List<InputFile> files, long splitBytes) {
        List<InputSplit> splits = new ArrayList<>();
        for (InputFile f : files) {
            if (!Compression.of(f.name()).splittable() || f.size() <= splitBytes) {
                splits.add(new InputSplit(f.path(), f.name(), 0, InputSplit.TO_THE_END));
                continue;
            }
            for (long start = 0; start < f.size(); start += splitBytes) {
                long end = start + splitBytes >= f.size() ? InputSplit.TO_THE_END : start + splitBytes;
                splits.add(new InputSplit(f.path(), f.name(), start, end));
            }
        }
        return splits;
    }
}
