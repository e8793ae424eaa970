package org.nodulescope.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nodulescope.io.ApplicationHome;

/**
 * One of the Python reference scripts under {@code tools/} (torchvision's timings and parity),
 * run in a child process next to our own figures. It finds the interpreter ({@code --python})
 * and the script, runs it with a time limit, reads the JSON it prints, and when it cannot, says
 * why in one sentence ({@link Unavailable}): no interpreter, no script, no torch, a failure, a
 * time-out. Benchmarks then report their own side only.
 */
final class PythonScript {

    /** The interpreter Debian's python3-torch and python3-torchvision install into. */
    static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    private static final Pattern MISSING_MODULE =
            Pattern.compile("No module named '?([A-Za-z0-9_.]+)'?");

    private final Path python;
    private final Path script;

    /** Why a script cannot run or gave no result, in one sentence. */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }
    }

    /** What a finished script wrote. */
    record Output(String stdout, String stderr) {

        /**
         * @return the last JSON object on standard output, from the last line that opens one to
         *     the end (one line or an indented dump)
         * @throws Unavailable when there is none
         */
        JsonNode lastJson() throws Unavailable {
            String[] lines = stdout.split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (lines[i].strip().startsWith("{")) {
                    String text = String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
                    try {
                        JsonNode root = new ObjectMapper().readTree(text);
                        if (root != null && root.isObject()) {
                            return root;
                        }
                    } catch (JsonProcessingException e) {
                        throw new Unavailable("the script printed no JSON object: "
                                + e.getOriginalMessage());
                    }
                }
            }
            throw new Unavailable("the script printed no JSON object"
                    + (stdout.isBlank() ? "" : ": " + lastLine(stdout)));
        }
    }

    private PythonScript(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /**
     * @param python the interpreter: a path, or a bare name looked up on the PATH
     * @param script the script the user named, or null for {@code relative} below the
     *     application home
     * @param relative where the script lives below the application home, e.g.
     *     {@code tools/torchvision_reference.py}
     * @return the script, ready to run
     * @throws Unavailable when the interpreter or the script is not there
     */
    static PythonScript find(Path python, Path script, String relative) throws Unavailable {
        Path interpreter = interpreter(python).orElseThrow(() -> new Unavailable("no Python at "
                + python + "; install python3-torch and python3-torchvision, or pass --python"
                + " with an interpreter that has torch and torchvision"));
        Path code = script != null ? script : ApplicationHome.find(relative).orElse(null);
        if (code == null || !Files.isRegularFile(code)) {
            throw new Unavailable((script != null ? script.toString() : relative + " (looked in "
                    + ApplicationHome.candidates() + ")") + " was not found");
        }
        return new PythonScript(interpreter, code);
    }

    /** The interpreter: an executable path, or a bare name found executable on the PATH. */
    static Optional<Path> interpreter(Path python) {
        if (python.getParent() != null) {
            return Files.isRegularFile(python) && Files.isExecutable(python)
                    ? Optional.of(python) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir).resolve(python);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    Path script() {
        return script;
    }

    /**
     * Runs the script to its end. Both streams go to temporary files, so that a chatty script
     * cannot block on a full pipe and the time limit holds whatever it prints.
     *
     * @param arguments after the script's path
     * @param environment added to this process's environment
     * @param timeoutSeconds after this the script is stopped
     * @return what it printed, when it exited with 0
     * @throws Unavailable when it could not start, ran too long or failed (torch or torchvision
     *     missing is said so)
     */
    Output run(List<String> arguments, Map<String, String> environment, long timeoutSeconds)
            throws Unavailable, InterruptedException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("nodulescope-python", ".out");
            err = Files.createTempFile("nodulescope-python", ".err");
            ProcessBuilder builder = new ProcessBuilder(command(arguments))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process p = builder.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new Unavailable(script.getFileName() + " ran longer than "
                        + timeoutSeconds + " s and was stopped");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new Unavailable(failure(p.exitValue(), stderr));
            }
            return new Output(Files.readString(out, StandardCharsets.UTF_8), stderr);
        } catch (IOException e) {
            throw new Unavailable("cannot run " + python + ": " + e.getMessage());
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Starts the script for a conversation on its standard input and output; its standard error
     * goes to {@code errors}, for {@link #failure} when it stops.
     */
    Process start(List<String> arguments, Path errors) throws Unavailable {
        try {
            return new ProcessBuilder(command(arguments)).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new Unavailable("cannot run " + python + ": " + e.getMessage());
        }
    }

    /**
     * @param exit the script's exit status
     * @param stderr what it wrote on standard error
     * @return one sentence: a missing module named with what to install, else the status and
     *     the last line of the error output
     */
    String failure(int exit, String stderr) {
        Matcher m = MISSING_MODULE.matcher(stderr);
        if (m.find()) {
            String module = m.group(1);
            return python + " has no " + module + " module; install python3-" + module.replace(
                    '_', '-') + " (torch and torchvision 0.14 as Debian packages them), or pass"
                    + " --python with an interpreter that has it";
        }
        String last = lastLine(stderr);
        return script.getFileName() + " exited with " + exit + (last.isEmpty() ? "" : ": "
                + last);
    }

    private List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(arguments);
        return command;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stray temporary file is harmless
            }
        }
    }
}
