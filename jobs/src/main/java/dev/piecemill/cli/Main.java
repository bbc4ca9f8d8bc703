package dev.piecemill.cli;

import dev.piecemill.io.BadRecordException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The piecemill command line: {@code piecemill COMMAND [OPTIONS]}, or spark-submit with this class. */
@Command(name = "piecemill", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "BytePiece tokenization, vocabulary training and model-collapse simulation for LLM pretraining corpora, on Apache Spark.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, ExportCommand.class, TokenizeCommand.class, TrainCommand.class,
                CollapseCommand.class,
                InspectCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": error: " + explain(e));
            if (System.getenv("PIECEMILL_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The message a user needs: ours when one of our exceptions is in the chain (Spark wraps them). */
    static String explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadRecordException || t instanceof IllegalArgumentException
                    || t instanceof dev.piecemill.piece.ModelFormatException
                    || t instanceof java.io.UncheckedIOException) {
                return t.getMessage();
            }
        }
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
