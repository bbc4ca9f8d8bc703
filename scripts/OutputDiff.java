import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares two output folders of the same commands (scripts/check-same-outputs):
 * java -cp CLASSPATH scripts/OutputDiff.java BASE AFTER. Every file is compared byte for byte,
 * Spark's part-file UUIDs aside, except that
 * - a Parquet file's data pages must be identical and its footer must hold the same bytes, in any
 *   order: parquet-mr lists a column chunk's encodings from a HashSet of enum constants, whose
 *   order follows identity hash codes and so changes from one JVM to the next;
 * - a JSON file's timings (keys holding "seconds" or "per_second") are left out;
 * - Hadoop's .crc files are not compared (they are checksums of the files compared).
 * Prints each difference; exits 1 when there is one.
 */
public class OutputDiff {
    private static final Pattern UUID = Pattern.compile("part-(\\d+)-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Pattern TIMING = Pattern.compile("seconds|per_second");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws IOException {
        Map<String, Path> base = files(Path.of(args[0]));
        Map<String, Path> after = files(Path.of(args[1]));
        TreeSet<String> names = new TreeSet<>(base.keySet());
        names.addAll(after.keySet());
        int identical = 0, parquetFooters = 0, jsonTimings = 0;
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            Path a = base.get(name), b = after.get(name);
            if (a == null || b == null) {
                differences.add(name + ": only in " + (a == null ? "after" : "base"));
                continue;
            }
            byte[] x = Files.readAllBytes(a), y = Files.readAllBytes(b);
            if (Arrays.equals(x, y)) {
                identical++;
            } else if (name.endsWith(".parquet")) {
                String why = parquetDifference(x, y);
                if (why == null) {
                    parquetFooters++;
                } else {
                    differences.add(name + ": " + why);
                }
            } else if (name.endsWith(".json")) {
                List<String> keys = new ArrayList<>();
                jsonDifferences(JSON.readTree(x), JSON.readTree(y), "", keys);
                if (keys.isEmpty()) {
                    jsonTimings++;
                } else {
                    differences.add(name + ": " + String.join("; ", keys));
                }
            } else {
                differences.add(name + ": bytes differ");
            }
        }
        System.out.printf(
                "%d files: %d identical, %d Parquet files with identical data pages and footers of the same bytes"
                        + " in another order, %d JSON files that differ in timings only, %d other differences%n",
                names.size(), identical, parquetFooters, jsonTimings, differences.size());
        differences.forEach(d -> System.out.println("  " + d));
        System.exit(differences.isEmpty() ? 0 : 1);
    }

    /** Every file but checksums, by its path with part-file UUIDs replaced. */
    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .forEach(p -> out.put(UUID.matcher(root.relativize(p).toString()).replaceAll("part-$1-UUID"), p));
        }
        return out;
    }

    /** Null when the data pages are identical and the footers hold the same bytes; else what differs. */
    private static String parquetDifference(byte[] x, byte[] y) {
        if (x.length != y.length) {
            return "Parquet files of " + x.length + " and " + y.length + " bytes";
        }
        int footer = ByteBuffer.wrap(x, x.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = x.length - 8 - footer;
        if (!Arrays.equals(x, 0, start, y, 0, start)) {
            return "data pages differ";
        }
        byte[] f = Arrays.copyOfRange(x, start, x.length), g = Arrays.copyOfRange(y, start, y.length);
        Arrays.sort(f);
        Arrays.sort(g);
        return Arrays.equals(f, g) ? null : "footers differ";
    }

    private static void jsonDifferences(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (TIMING.matcher(k).find()) {
                    continue;
                }
                if (!a.has(k) || !b.has(k)) {
                    out.add(path + "/" + k + (a.has(k) ? " only in base" : " only in after: " + b.get(k)));
                } else {
                    jsonDifferences(a.get(k), b.get(k), path + "/" + k, out);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                jsonDifferences(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " -> " + b);
        }
    }
}
