package org.nodulescope.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.io.OutputFolder;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.model.TorchvisionWeights;
import org.nodulescope.model.nd.TorchvisionParameterNames;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.MaskPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope import-torchvision}: a torchvision state dict (exported to .npz by
 * tools/export_torchvision_weights.py) into a NoduleScope model folder, checked by loading the
 * folder back and running one inference.
 */
@Command(name = "import-torchvision", mixinStandardHelpOptions = true,
        description = "Import torchvision Mask R-CNN weights (.npz from"
                + " tools/export_torchvision_weights.py) into a model folder.")
public final class ImportTorchvisionCommand implements Callable<Integer> {

    @Option(names = "--weights", required = true, paramLabel = "FILE.npz",
            description = "State dict exported by tools/export_torchvision_weights.py.")
    Path weights;

    @Mixin
    ConfigOption config;

    @Option(names = "--trainable-bn", description = "Build the model with trainable BatchNorm"
            + " (the presets freeze it).")
    boolean trainableBn;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "New model folder (must not exist, or be empty).")
    Path out;

    @Option(names = "--only", defaultValue = "all", paramLabel = "all|backbone",
            description = "Import everything (default) or only the ResNet body, e.g. from an"
                    + " ImageNet classifier; the other layers keep a fresh initialisation.")
    String only;

    @Option(names = "--new-aux-head", description = "Accept weights without the auxiliary"
            + " classifier (a plain torchvision Mask R-CNN): the head starts freshly initialised.")
    boolean newAuxHead;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        MaskRcnnConfig c = configuration();
        ComputeDevice.Choice choice = ComputeDevice.choose(device.request());
        boolean backboneOnly = switch (only.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> false;
            case "backbone" -> true;
            default -> throw new IllegalArgumentException(
                    "--only must be all or backbone, got '" + only + "'");
        };
        if (!Files.isRegularFile(weights)) {
            throw new IOException(weights + ": no such file; export the weights with"
                    + " tools/export_torchvision_weights.py first");
        }
        OutputFolder.requireNewOrEmpty(out, "the model");
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + out.getFileName() + ".importing-");
        try {
            importInto(staging, c, backboneOnly, o);
            verify(staging, choice, o);
            moveIntoPlace(staging, out);
        } finally {
            if (Files.exists(staging)) {
                AtomicFolders.deleteTree(staging);
            }
        }
        o.println("Model folder: " + out);
        o.flush();
        return 0;
    }

    private void importInto(Path staging, MaskRcnnConfig c, boolean backboneOnly, PrintWriter o)
            throws IOException {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            MaskRcnn model = MaskRcnn.of(c);
            model.initialize(m, DataType.FLOAT32);
            Map<String, NDArray> stateDict = TorchvisionWeights.readNpz(m, weights);
            List<TorchvisionWeights.Report> reports = new ArrayList<>();
            try {
                for (Part part : parts(model, stateDict, backboneOnly)) {
                    reports.add(TorchvisionWeights.load(part.block(), part.prefix(), stateDict,
                            List.of(MaskPredictor.torchvisionAdapter())));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(weights + ": " + e.getMessage()
                        + (c.aux().enabled() && !newAuxHead && e.getMessage().contains("aux_")
                                ? " (weights of a model without the auxiliary head: add"
                                        + " --new-aux-head)" : ""), e);
            }
            int loaded = reports.stream().mapToInt(TorchvisionWeights.Report::loaded).sum();
            List<String> adapted = reports.stream().flatMap(r -> r.adapted().stream()).toList();
            String description = "imported from " + weights.getFileName() + " ("
                    + (backboneOnly ? "backbone only, " : "") + loaded + " arrays"
                    + (adapted.isEmpty() ? "" : ", adapted: " + String.join("; ", adapted))
                    + (newAuxHead && !backboneOnly && c.aux().enabled()
                            ? ", auxiliary head freshly initialised" : "") + ")";
            model.save(staging, description);
            o.printf("Imported %,d arrays from %s into a '%s' model%n", loaded, weights, config);
            adapted.forEach(a -> o.println("  adapted " + a));
            reports.stream().flatMap(r -> r.unused().stream()).limit(20)
                    .forEach(u -> o.println("  not used: " + u));
        }
    }

    private record Part(Block block, String prefix) {}

    private List<Part> parts(MaskRcnn model, Map<String, NDArray> stateDict,
            boolean backboneOnly) {
        if (backboneOnly) {
            // an ImageNet ResNet names its layers conv1, layer1, ...; a detector backbone.body.*
            boolean classifier = stateDict.containsKey("conv1.weight");
            return List.of(new Part(model.backbone().body(), classifier ? "" : "backbone.body"));
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(model.backbone(), "backbone"));
        parts.add(new Part(model.rpn(), "rpn"));
        boolean skipAux = newAuxHead && stateDict.keySet().stream()
                .noneMatch(k -> k.startsWith("roi_heads.aux_classifier."));
        var children = model.roiHeads().getChildren();
        for (int i = 0; i < children.size(); i++) {
            String name = TorchvisionParameterNames.childName(children.get(i).getKey(), i);
            if (!(skipAux && name.equals("aux_classifier"))) {
                parts.add(new Part(children.get(i).getValue(), "roi_heads." + name));
            }
        }
        return parts;
    }

    private MaskRcnnConfig configuration() throws IOException {
        MaskRcnnConfig c = config.resolve();
        return trainableBn ? c.withTrainableBatchNorm() : c;
    }

    /** Loads the folder back on the chosen device and runs one inference. */
    private static void verify(Path folder, ComputeDevice.Choice choice, PrintWriter o)
            throws IOException {
        o.println(choice.report());
        try (NDManager m = NDManager.newBaseManager(choice.device())) {
            MaskRcnn model = MaskRcnn.load(folder, m);
            int channels = model.config().backbone().inputChannels();
            long start = System.nanoTime();
            Detections d = model.detect(m.full(new Shape(channels, 512, 512), 0.5f));
            o.printf("Check: loaded back and ran one %dx512x512 inference: %d detections in"
                    + " %.2f s%n", channels, d.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    private static void moveIntoPlace(Path staging, Path out) throws IOException {
        if (Files.isDirectory(out)) {
            Files.delete(out); // empty, checked before
        }
        try {
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException(out + ": cannot create the model folder (" + e.getMessage()
                    + ")", e);
        }
    }
}
