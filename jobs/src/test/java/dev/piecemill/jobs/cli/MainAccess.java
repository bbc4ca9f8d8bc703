package dev.piecemill.jobs.cli;

/** Lets tests of other packages see the message the command line would print for an error, or run it. */
public final class MainAccess {
    private MainAccess() {}

    public static String explain(Throwable e) {
        return Main.explain(e);
    }

    /** Runs a command as a user types it: its exit code and what it printed. */
    public static Result run(String... args) {
        EncodeDecodeCommandTest.Run run = EncodeDecodeCommandTest.run("", args);
        return new Result(run.exitCode(), run.out(), run.err());
    }

    public record Result(int exitCode, String out, String err) {}
}
