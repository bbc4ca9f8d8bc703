package dev.piecemill.jobs.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.util.UserError;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every collapse option, down to the records the options hold, either takes part in a run's
 * resume identity or is one that {@link CollapseOptions#NOT_IN_IDENTITY} lets a resumed run
 * change: each is changed in turn, by reflection, so an option added later is covered too.
 */
class CollapseOptionsTest {
    /** Options the constructor fixes: any other value is refused. */
    private static final List<String> FIXED = List.of("corpus.keepColumns");

    private static final CollapseOptions BASE = new CollapseOptions(
            new CorpusOptions(
                    List.of("real.jsonl"),
                    InputFormat.JSONL,
                    "text",
                    "id",
                    CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                    CorpusOptions.DEFAULT_SPLIT_BYTES),
            "out",
            new Recursion(
                    Loop.FRESH, 0.25, 3, Smoothing.addK(0.5), SamplingBias.NONE, 4, 2, 7, 400, Generation0.SAMPLE),
            CollapseOptions.Budget.tokens(3000),
            CollapseOptions.Tokenizer.trained(CollapseOptions.TokenizerMode.FIXED, 400),
            0.05,
            0,
            false,
            false);

    @Test
    void everyOptionTakesPartInTheResumeIdentityOrIsExempt() throws Exception {
        List<String> leaves = leaves(CollapseOptions.class, "");
        assertTrue(leaves.size() > 20, "the walk found the nested options: " + leaves);
        assertTrue(leaves.containsAll(CollapseOptions.NOT_IN_IDENTITY), "exemptions name options: " + leaves);
        Map<String, Object> identity = BASE.identity();
        for (String leaf : leaves) {
            if (FIXED.contains(leaf)) {
                assertThrows(UserError.class, () -> changed(BASE, leaf), leaf);
                continue;
            }
            Map<String, Object> other = changed(BASE, leaf).identity();
            if (CollapseOptions.NOT_IN_IDENTITY.contains(leaf)) {
                assertEquals(identity, other, leaf + " is exempt, so a resumed run may change it");
            } else {
                assertNotEquals(
                        identity,
                        other,
                        leaf + " changes the run but not its identity: add it to "
                                + "CollapseOptions.identity() or, if a resumed run may change it, to NOT_IN_IDENTITY");
            }
        }
    }

    @Test
    void theRecordsCheckWhatTheCommandChecks() {
        Recursion r = BASE.recursion();
        String[] messages = {
            message(() -> r.withModel(6, Smoothing.kneserNey())),
            message(() -> r.withLoop(Loop.FULLY_SYNTHETIC, 0.25)),
            message(() -> r.withLoop(Loop.AUGMENT, 1.5)),
            message(() -> r.withRuns(-1, 1)),
            message(() -> r.withRuns(1, 0)),
            message(() -> r.withMaxDocumentLength(0)),
            message(() -> CollapseOptions.Budget.documents(0)),
            message(() -> CollapseOptions.Tokenizer.trained(CollapseOptions.TokenizerMode.FIXED, 100)),
            message(() -> new CollapseOptions(
                    BASE.corpus().keeping(List.of("url")),
                    "out",
                    r,
                    BASE.budget(),
                    BASE.tokenizer(),
                    0.05,
                    0,
                    false,
                    false)),
        };
        String[] expected = {
            "--lm-order must be 1..5, got 6",
            "--real-fraction applies to the augment and fresh loops only",
            "--real-fraction must be in [0, 1], got 1.5",
            "--generations must be >= 0, got -1",
            "--replicates must be at least 1, got 0",
            "--max-doc-tokens must be at least 1, got 0",
            "--docs-per-generation must be at least 1, got 0",
            "--vocab-size must hold the 256 bytes and 3 special tokens",
            "the collapse job keeps no input columns"
        };
        for (int i = 0; i < expected.length; i++) {
            assertTrue(messages[i].startsWith(expected[i]), messages[i]);
        }
    }

    private static String message(Runnable build) {
        return assertThrows(UserError.class, build::run).getMessage();
    }

    /** The dotted paths of the options that are not records themselves, in declaration order. */
    private static List<String> leaves(Class<?> type, String prefix) {
        List<String> paths = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix + c.getName();
            if (c.getType().isRecord()) {
                paths.addAll(leaves(c.getType(), path + "."));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    /** A copy of the record with the option at PATH changed to the first other value its constructor takes. */
    private static <R extends Record> R changed(R record, String path) throws Exception {
        String head = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        UserError refused = null;
        for (int i = 0; i < components.length; i++) {
            values[i] = components[i].getAccessor().invoke(record);
            types[i] = components[i].getType();
        }
        for (int i = 0; i < components.length; i++) {
            if (!components[i].getName().equals(head)) {
                continue;
            }
            List<Object> candidates = head.equals(path)
                    ? others(types[i], values[i])
                    : List.of(changed((Record) values[i], path.substring(head.length() + 1)));
            for (Object candidate : candidates) {
                Object[] copy = values.clone();
                copy[i] = candidate;
                try {
                    @SuppressWarnings("unchecked")
                    R built =
                            (R) record.getClass().getDeclaredConstructor(types).newInstance(copy);
                    return built;
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof UserError userError)) {
                        throw e;
                    }
                    refused = userError;
                }
            }
            if (refused != null) {
                throw refused;
            }
        }
        fail("no option " + path + " in " + record.getClass().getSimpleName()
                + " (its type may need a case in others())");
        return null;
    }

    /** Other values of an option's type than VALUE, the likeliest valid first. */
    private static List<Object> others(Class<?> type, Object value) {
        if (type == int.class || type == Integer.class) {
            return List.of((Integer) value + 1);
        }
        if (type == long.class || type == Long.class) {
            return List.of(value == null ? 1000L : (Long) value + 1);
        }
        if (type == double.class) {
            double v = (Double) value;
            return List.of(v == 0 ? 0.5 : v * 0.9);
        }
        if (type == boolean.class) {
            return List.of(!(Boolean) value);
        }
        if (type == String.class) {
            return List.of(value == null ? "other" : value + "-other");
        }
        if (type == List.class) {
            return List.of(List.of("other"));
        }
        if (type.isEnum()) {
            List<Object> constants = new ArrayList<>(List.of(type.getEnumConstants()));
            constants.remove(value);
            return constants;
        }
        fail("no other values known for options of type " + type + ": add a case");
        return List.of();
    }
}
