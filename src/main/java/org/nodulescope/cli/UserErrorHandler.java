package org.nodulescope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns failures into one sentence on standard error and a non-zero exit code: 1 for bad data or
 * files, 2 for bad arguments. The stack trace goes to the debug log only.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int DATA_ERROR = 1;
    static final int USAGE_ERROR = 2;

    private static final Logger LOG = LoggerFactory.getLogger(UserErrorHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl,
            CommandLine.ParseResult parseResult) {
        LOG.debug("command failed", ex);
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String name = cl.getCommandName();
        if (cause instanceof IOException) {
            cl.getErr().println(name + ": error: " + cause.getMessage());
            return DATA_ERROR;
        }
        if (cause instanceof IllegalArgumentException) {
            cl.getErr().println(name + ": error: " + cause.getMessage());
            return USAGE_ERROR;
        }
        cl.getErr().println(name + ": internal error: " + cause
                + " (run with -Dnodulescope.log=DEBUG for details; please report it)");
        return DATA_ERROR;
    }
}
