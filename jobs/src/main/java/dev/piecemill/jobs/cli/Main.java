package dev.piecemill.jobs.cli;

import dev.piecemill.util.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The piecemill command line: {@code piecemill COMMAND [OPTIONS]}, or spark-submit with this class. */
@Command(
        name = "piecemill",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "BytePiece tokenization, vocabulary training and model-collapse simulation for LLM pretraining corpora, on Apache Spark.",
        subcommands = {
            EncodeCommand.class,
            DecodeCommand.class,
            ExportCommand.class,
            TokenizeCommand.class,
            TrainCommand.class,
            CollapseCommand.class,
            InspectCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Exit code of a command that failed through a bug or its environment (the stack trace follows its message). */
    public static final int FAILED = 1;
    /** Exit code of a command the user can fix: a bad option, bad input, an output in the way. */
    public static final int USER_ERROR = 2;

    /** Runs a command and returns its exit code: 0 done, 1 failed, 2 the user's mistake (usage included). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> failure(e, commandLine.getCommandName(), commandLine.getErr()));
        return cli.execute(args);
    }

    /** Reports a command's exception on {@code err} and returns the exit code. */
    static int failure(Throwable e, String command, java.io.PrintWriter err) {
        UserError mistake = userError(e);
        if (mistake != null) {
            err.println(command + ": error: " + mistake.getMessage());
            if (System.getenv("PIECEMILL_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return USER_ERROR;
        }
        err.println(command + ": failed: " + rootMessage(e));
        e.printStackTrace(err);
        return FAILED;
    }

    /** Our user error in the chain (Spark wraps what a task threw), or null: then it is not the user's fault. */
    static UserError userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) {
                return u;
            }
        }
        return null;
    }

    /** The message a user sees: the user error's, else the root cause's. */
    static String explain(Throwable e) {
        UserError mistake = userError(e);
        return mistake != null ? mistake.getMessage() : rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"piecemill " + (v != null ? v : "(development build)")};
        }
    }
}
