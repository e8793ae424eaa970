package org.nodulescope.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.nodulescope.io.ApplicationHome;

/**
 * torchvision's figures for {@code bench model}, from {@value #SCRIPT} run in a child process so
 * that both sides are timed in the same run on the same machine (its progress goes to standard
 * error, its result to standard output as one JSON object). This class reads the keys it needs and says in one sentence why there are no figures
 * when the script is missing, fails or prints something else.
 */
final class TorchvisionReference {

    /** Where the script lives below the application home. */
    static final String SCRIPT = "tools/bench_torchvision_model.py";

    /**
     * The script's figures, median seconds; a figure the script did not print is empty.
     *
     * @param versions e.g. "torch 1.13.1, torchvision 0.14.1", or "" when not printed
     * @param threads the thread count the script reports it used
     * @param blas the BLAS behind torch's matrix products as the script names it, or ""
     * @param params how its weights were set ("deterministic" is the same rule as ours)
     * @param inference one {@code model([x])} call in eval mode, mask pasting included
     * @param detections detections of that call
     * @param parts median seconds of its parts: backbone, rpn, roi_heads, mask_branch (inside
     *     roi_heads), postprocess (pasting the masks into the image)
     * @param trainBatch1 one SGD step at batch 1
     * @param trainBatch4 one SGD step at batch 4
     */
    record Figures(String versions, OptionalInt threads, String blas, String params,
            OptionalDouble inference,
            OptionalInt detections, Map<String, Double> parts, OptionalDouble trainBatch1,
            OptionalDouble trainBatch4) {

        /** Inference without pasting the masks into the image, which our detect() leaves out. */
        OptionalDouble inferenceWithoutPaste() {
            Double paste = parts.get("postprocess");
            return inference.isPresent() && paste != null
                    ? OptionalDouble.of(inference.getAsDouble() - paste) : OptionalDouble.empty();
        }
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
     * @param size passed as {@code --size}: inputs are 5 x size x size
     * @param warmup passed as {@code --warmup}
     * @param repeats passed as {@code --repeats} and {@code --train-repeats}
     * @param training false passes {@code --no-train}
     * @param libraryPath when present, the child's LD_LIBRARY_PATH: Debian's torch loads the
     *     system libblas.so.3, the slow reference BLAS unless OpenBLAS is installed, and this
     *     points it at an unpacked OpenBLAS instead (see the script's docstring)
     * @param timeoutSeconds after this the script is stopped and the outcome says so
     * @return figures or the reason for their absence
     */
    static Outcome run(String python, Optional<Path> script, int threads, int size, int warmup,
            int repeats, boolean training, Optional<Path> libraryPath, long timeoutSeconds) {
        if (script.isEmpty()) {
            return Outcome.skipped(SCRIPT + " was not found in " + ApplicationHome.candidates()
                    + " (it arrives with the roialign-speed branch)");
        }
        List<String> command = new ArrayList<>(List.of(python, script.get().toString(),
                "--threads", Integer.toString(threads), "--size", Integer.toString(size),
                "--warmup", Integer.toString(warmup), "--repeats", Integer.toString(repeats),
                "--train-repeats", Integer.toString(repeats)));
        if (!training) {
            command.add("--no-train");
        }
        Path stderr = null;
        try {
            stderr = Files.createTempFile("nodulescope-torchvision", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            // OpenBLAS starts its own threads; hold it to the same count as torch's
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            libraryPath.ifPresent(dir -> builder.environment().put("LD_LIBRARY_PATH",
                    dir.toAbsolutePath().toString()));
            Process p = builder.start();
            p.getOutputStream().close();
            // the output is one short JSON line, so reading it to the end cannot block the child
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Outcome.skipped("the script ran longer than " + timeoutSeconds + " s");
            }
            String err = lastLine(Files.readString(stderr, StandardCharsets.UTF_8));
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
     * Reads the script's JSON object: {@code torch}, {@code torchvision}, {@code threads},
     * {@code blas}, {@code params}, {@code inference} ({@code seconds}, {@code detections}, {@code parts}) and
     * {@code train} by batch size as text ({@code "1"}, {@code "4"}, each with {@code seconds}).
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
        JsonNode inference = root.path("inference");
        Map<String, Double> parts = new LinkedHashMap<>();
        inference.path("parts").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                parts.put(e.getKey(), e.getValue().asDouble());
            }
        });
        JsonNode detections = inference.path("detections");
        return new Figures(versions, integer(root.path("threads")),
                root.path("blas").isValueNode() ? root.path("blas").asText("")
                        : root.path("blas").toString(),
                root.path("params").asText(""), number(inference.path("seconds")),
                integer(detections), Collections.unmodifiableMap(parts),
                number(root.path("train").path("1").path("seconds")),
                number(root.path("train").path("4").path("seconds")));
    }

    private static OptionalDouble number(JsonNode v) {
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    private static OptionalInt integer(JsonNode v) {
        return v.isNumber() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
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
