package dev.piecemill.util;

/**
 * The user's mistake, not ours: a bad option, bad input, an output in the way. Its message is one
 * line that names the thing and the fix; the command line shows it alone and exits with 2, while
 * any other exception is a bug (exit 1, with its stack trace). Every job, reader and option check
 * throws this for what the user can fix. It is an {@link IllegalArgumentException}, which is what
 * such checks threw before it and what callers of the library may already catch.
 */
public class UserError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
