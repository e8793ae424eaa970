package org.nodulescope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * torchvision's figures for {@code bench model}, from {@value #SCRIPT} run in a child process so
 * that both sides are timed in the same run on the same machine. The script prints one JSON
 * object; this class reads the keys it needs and says in one sentence why there are no figures
 * when the script is missing, fails or prints something else.
 */
final class TorchvisionReference {

    /** Where the script lives below the application home. */
    static final String SCRIPT = "tools/bench_torchvision_model.py";

    /** torch and torchvision missing: the script's own exit code for "cannot compare". */
    private static final int EXIT_UNAVAILABLE = 3;

    /**
     * The script's figures, median seconds; a figure the script did not print is empty.
     *
     * @param versions e.g. "torch 1.13.1, torchvision 0.14.1", or "" when not printed
     * @param threads the thread count the script reports it used
     */
    record Figures(String versions, OptionalInt threads, OptionalDouble inference,
            OptionalDouble trainBatch1, OptionalDouble trainBatch4,
            OptionalDouble detectionsPerImage) {
    }

    /** Figures, or the reason there are none. */
    record Outcome(Optional<Figures> figures, String note) {
        static Outcome skipped(String why) {
            return new Outcome(Optional.empty(), why);
        }
    }

    private TorchvisionReference() {}

    /**
     * Runs the script and waits for it.
     *
     * @param python the interpreter with torch and torchvision
     * @param script the script, or empty when it was not found (the outcome then says so)
     * @param threads passed as {@code --threads}
     * @param repeats passed as {@code --repeats}
     * @param size the input's height and width; passed as {@code --size} only when it is not
     *     the script's default of 512
     * @param timeoutSeconds after this the script is stopped and the outcome says so
     * @return figures or the reason for their absence
     */
    static Outcome run(String python, Optional<Path> script, int threads, int repeats, int size,
            long timeoutSeconds) {
        if (script.isEmpty()) {
            return Outcome.skipped(SCRIPT + " was not found in " + ApplicationHome.candidates()
                    + " (it arrives with the roialign-speed branch)");
        }
        List<String> command = new ArrayList<>(List.of(python, script.get().toString(),
                "--threads", Integer.toString(threads), "--repeats", Integer.toString(repeats)));
        if (size != 512) {
            command.addAll(List.of("--size", Integer.toString(size)));
        }
        Path stderr = null;
        try {
            stderr = Files.createTempFile("nodulescope-torchvision", ".log");
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            // the output is one short JSON line, so reading it to the end cannot block the child
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Outcome.skipped("the script ran longer than " + timeoutSeconds + " s");
            }
            String err = lastLine(Files.readString(stderr, StandardCharsets.UTF_8));
            if (p.exitValue() == EXIT_UNAVAILABLE) {
                return Outcome.skipped("torch or torchvision is unavailable to " + python + ": "
                        + err);
            }
            if (p.exitValue() != 0) {
                return Outcome.skipped(String.join(" ", command) + " exited with "
                        + p.exitValue() + (err.isEmpty() ? "" : ": " + err));
            }
            return new Outcome(Optional.of(parse(lastJsonLine(out))), "");
        } catch (IOException e) {
            return Outcome.skipped("cannot run " + python + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Outcome.skipped(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.skipped("interrupted while waiting for the script");
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException e) {
                    // a stray temporary log is harmless
                }
            }
        }
    }

    /**
     * Reads the script's JSON object: {@code inference_s}, {@code train_batch1_s},
     * {@code train_batch4_s} (seconds), and when present {@code torch}, {@code torchvision},
     * {@code threads} and {@code detections_per_image}.
     *
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    static Figures parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the script printed no JSON object: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the script printed no JSON object");
        }
        String versions = "";
        if (root.hasNonNull("torch")) {
            versions = "torch " + root.get("torch").asText();
            if (root.hasNonNull("torchvision")) {
                versions += ", torchvision " + root.get("torchvision").asText();
            }
        }
        OptionalInt threads = root.path("threads").isNumber()
                ? OptionalInt.of(root.get("threads").asInt()) : OptionalInt.empty();
        return new Figures(versions, threads, number(root, "inference_s"),
                number(root, "train_batch1_s"), number(root, "train_batch4_s"),
                number(root, "detections_per_image"));
    }

    private static OptionalDouble number(JsonNode root, String key) {
        JsonNode v = root.path(key);
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    /** From the last line that opens an object to the end: one line or an indented dump. */
    private static String lastJsonLine(String out) {
        String[] lines = out.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].strip().startsWith("{")) {
                return String.join("\n", java.util.Arrays.copyOfRange(lines, i, lines.length));
            }
        }
        throw new IllegalArgumentException("the script printed no JSON object"
                + (out.isBlank() ? "" : ": " + lastLine(out)));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
