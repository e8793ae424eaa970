package org.nodulescope.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --python}, the interpreter of the benchmarks' Python reference scripts. */
public final class PythonOption {

    @Option(names = "--python", paramLabel = "PATH", description = "Python with torch and"
            + " torchvision for the reference script: a path, or a name on the PATH (default"
            + " ${DEFAULT-VALUE}).")
    private Path python = PythonScript.DEFAULT_PYTHON;

    /** @return the interpreter as given, for {@link PythonScript#find} */
    Path path() {
        return python;
    }

    @Override
    public String toString() {
        return python.toString();
    }
}
