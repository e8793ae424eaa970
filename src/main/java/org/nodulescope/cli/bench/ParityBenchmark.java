package org.nodulescope.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.TorchvisionWeights;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.MaskPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Parity with torchvision under realistic weights: tools/torchvision_reference.py builds the
 * paper model with torchvision's own seeded initialisation (not the flat closed-form weights of
 * the committed fixtures), runs it on a structured input and exports its weights; NoduleScope
 * imports them and runs the same input. Prints how proposals, detections and masks agree.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Compare with torchvision on its own random weights (needs python3 with"
                + " torchvision 0.14).")
public final class ParityBenchmark implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512", description = "Input side (default"
            + " ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "0", description = "Weights and input seed.")
    long seed;

    private static final String SCRIPT = "tools/torchvision_reference.py";

    @Mixin
    PythonOption python;

    @Option(names = "--keep", description = "Keep the reference files in this folder.")
    Path keep;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PythonScript reference;
        try {
            reference = PythonScript.find(python.path(), null, SCRIPT);
        } catch (PythonScript.Unavailable e) {
            out.println("Parity check skipped: " + e.getMessage() + " (it needs " + SCRIPT
                    + " and Python with torchvision 0.14: apt-get install python3-torchvision)");
            out.flush();
            return 1;
        }
        Path dir = keep != null ? Files.createDirectories(keep)
                : Files.createTempDirectory("nodulescope-parity");
        try {
            String log;
            try {
                PythonScript.Output o = reference.run(List.of("--out", dir.toString(), "--seed",
                        Long.toString(seed), "--size", Integer.toString(size)), Map.of(),
                        TimeUnit.MINUTES.toSeconds(30));
                log = (o.stdout() + "\n" + o.stderr()).strip();
            } catch (PythonScript.Unavailable e) {
                throw new IOException(reference.script() + " gave no reference: "
                        + e.getMessage(), e);
            }
            out.println("torchvision: " + log);
            compare(dir, out);
        } finally {
            if (keep == null) {
                AtomicFolders.deleteTree(dir);
            }
        }
        out.flush();
        return 0;
    }

    private void compare(Path dir, PrintWriter out) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.paper());
            model.initialize(m, DataType.FLOAT32);
            TorchvisionWeights.Report report = TorchvisionWeights.load(model, "",
                    TorchvisionWeights.readNpz(m, dir.resolve("weights.npz")),
                    List.of(MaskPredictor.torchvisionAdapter()));
            out.printf("NoduleScope: imported %,d arrays%n", report.loaded());
            Map<String, NDArray> ref =
                    TorchvisionWeights.readNpz(m, dir.resolve("reference.npz"));
            NDArray input = ref.get("input");
            model.detect(input); // warm-up
            long start = System.nanoTime();
            Detections ours = model.detect(input);
            double seconds = (System.nanoTime() - start) / 1e9;
            int h = Math.toIntExact(input.getShape().get(1));
            int w = Math.toIntExact(input.getShape().get(2));

            Boxes boxes = Boxes.of(ref.get("boxes"));
            float[] scores = ref.get("scores").toFloatArray();
            float[] aux = ref.get("aux_scores").toFloatArray();
            float[] maskProbs = ref.get("mask_probs").toFloatArray();
            byte[] masks = ref.get("masks").toByteArray();
            int n = scores.length;
            out.printf("detections: torchvision %d, NoduleScope %d (inference %.2f s here, %.2f s"
                    + " in the reference run)%n", n, ours.size(), seconds,
                    ref.get("seconds").toDoubleArray()[0]);
            boolean[] used = new boolean[ours.size()];
            int matched = 0;
            double worstBox = 0;
            double worstScore = 0;
            double worstAux = 0;
            double worstProbability = 0;
            long equal = 0;
            long total = 0;
            double worstMaskIou = 1;
            int cells = 28 * 28;
            for (int k = 0; k < n; k++) {
                int best = -1;
                double bestIou = 0;
                for (int j = 0; j < ours.size(); j++) {
                    double iou = ours.boxes().iou(j, boxes, k);
                    if (!used[j] && iou > bestIou) {
                        bestIou = iou;
                        best = j;
                    }
                }
                if (best < 0 || bestIou < 0.99) {
                    continue;
                }
                used[best] = true;
                matched++;
                float[] a = ours.boxes().box(best);
                float[] b = boxes.box(k);
                for (int c = 0; c < 4; c++) {
                    worstBox = Math.max(worstBox, Math.abs(a[c] - b[c]));
                }
                worstScore = Math.max(worstScore, Math.abs(ours.scores()[best] - scores[k]));
                worstAux = Math.max(worstAux, Math.abs(ours.auxProbabilities()[best] - aux[k]));
                for (int i = 0; i < cells; i++) {
                    worstProbability = Math.max(worstProbability, Math.abs(
                            ours.maskProbabilities()[best * cells + i] - maskProbs[k * cells + i]));
                }
                boolean[] pasted = ours.pastedMask(best, h, w);
                long inter = 0;
                long union = 0;
                for (int i = 0; i < h * w; i++) {
                    boolean theirs = masks[k * h * w + i] != 0;
                    equal += theirs == pasted[i] ? 1 : 0;
                    inter += theirs && pasted[i] ? 1 : 0;
                    union += theirs || pasted[i] ? 1 : 0;
                }
                total += (long) h * w;
                if (union > 0) {
                    worstMaskIou = Math.min(worstMaskIou, (double) inter / union);
                }
            }
            out.printf("matched at box IoU >= 0.99: %d of %d; worst box corner %.2e px, class"
                    + " score %.2e, aux probability %.2e, 28x28 mask probability %.2e%n",
                    matched, n, worstBox, worstScore, worstAux, worstProbability);
            out.printf("pasted masks: %.4f%% of pixels equal, lowest mask IoU %.4f%n",
                    total == 0 ? 0 : 100.0 * equal / total, worstMaskIou);
        }
    }

}
