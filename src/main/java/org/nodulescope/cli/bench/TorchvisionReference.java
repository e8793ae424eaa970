package org.nodulescope.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * torchvision's figures for {@code bench model}, from {@value #SCRIPT} run in a child process so
 * that both sides are timed in the same run on the same machine (its progress goes to standard
 * error, its result to standard output as one JSON object, run by {@link PythonScript}). This
 * class reads the keys it needs and says in one sentence why there are no figures when the
 * script is missing, fails or prints something else.
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
     * @param script the script the user named, or null for {@value #SCRIPT} in the application
     *     home
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
    static Outcome run(Path python, Path script, int threads, int size, int warmup,
            int repeats, boolean training, Optional<Path> libraryPath, long timeoutSeconds) {
        List<String> arguments = new ArrayList<>(List.of("--threads", Integer.toString(threads),
                "--size", Integer.toString(size), "--warmup", Integer.toString(warmup),
                "--repeats", Integer.toString(repeats), "--train-repeats",
                Integer.toString(repeats)));
        if (!training) {
            arguments.add("--no-train");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        // OpenBLAS starts its own threads; hold it to the same count as torch's
        environment.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        libraryPath.ifPresent(dir -> environment.put("LD_LIBRARY_PATH",
                dir.toAbsolutePath().toString()));
        try {
            PythonScript reference = PythonScript.find(python, script, SCRIPT);
            return new Outcome(Optional.of(parse(reference.run(arguments, environment,
                    timeoutSeconds).lastJson())), "");
        } catch (PythonScript.Unavailable e) {
            return Outcome.skipped(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.skipped("interrupted while waiting for the script");
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
        return parse(root);
    }

    /** {@link #parse(String)} of an object already read. */
    static Figures parse(JsonNode root) {
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
}
