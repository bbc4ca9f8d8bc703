package dev.piecemill.cli;

/** Lets tests of other packages see the message the command line would print for an error. */
public final class MainAccess {
    private MainAccess() {}

    public static String explain(Throwable e) {
        return Main.explain(e);
    }
}
