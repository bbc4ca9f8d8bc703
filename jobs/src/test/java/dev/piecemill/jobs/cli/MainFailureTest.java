package dev.piecemill.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.util.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainFailureTest {
    private static String[] report(Throwable e, int[] code) {
        StringWriter err = new StringWriter();
        try (PrintWriter w = new PrintWriter(err)) {
            code[0] = Main.failure(e, "tokenize", w);
        }
        return err.toString().split("\n");
    }

    @Test
    void aUserErrorWrappedBySparkIsOneLineAndExitCodeTwo() {
        int[] code = new int[1];
        String[] lines = report(
                new RuntimeException(
                        "Job aborted due to stage failure",
                        new UserError(
                                "input x.jsonl, record at byte 12: malformed JSON (pass --skip-bad-records ...)")),
                code);
        assertEquals(Main.USER_ERROR, code[0]);
        assertEquals(1, lines.length, String.join("\n", lines));
        assertEquals(
                "tokenize: error: input x.jsonl, record at byte 12: malformed JSON (pass --skip-bad-records ...)",
                lines[0]);
    }

    @Test
    void anyOtherExceptionIsABugWithExitCodeOneAndItsStackTrace() {
        int[] code = new int[1];
        String[] lines = report(new RuntimeException("wrapper", new IllegalArgumentException("index -1")), code);
        assertEquals(Main.FAILED, code[0]);
        assertEquals("tokenize: failed: index -1", lines[0]);
        assertTrue(
                lines.length > 3
                        && lines[1].contains("RuntimeException")
                        && lines[2].trim().startsWith("at "),
                String.join("\n", lines));
    }
}
