package org.nodulescope.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nodulescope.model.nd.TorchvisionParameterNames;
import org.nodulescope.model.nd.WeightAdapter;

/**
 * Loads a torchvision state dict (exported to {@code .npz} with torchvision's dotted names as
 * keys, e.g. by {@code tools/export_torchvision_weights.py}) into our blocks, matching names by
 * walking the block tree ({@link TorchvisionParameterNames}).
 *
 * <p>Two adaptations are made on the way, each reported: a 3-channel first convolution going into
 * our 5-channel stem (channels 0-2 copied, their mean in channels 3 and 4, as the paper does), and
 * any shape change a caller registers as an {@link WeightAdapter} (the mask head's transposed
 * convolution, for instance, is stored differently on our side). Every other difference — a
 * missing name, a shape that differs — is refused with the names involved, before a single
 * parameter is changed.
 */
public final class TorchvisionWeights {

    /** What an import did. */
    public record Report(int loaded, List<String> adapted, List<String> unused) {}

    /** Keys PyTorch keeps that hold no learned value. */
    private static final Set<String> IGNORED_SUFFIXES = Set.of("num_batches_tracked");

    private TorchvisionWeights() {}

    /** Reads every array of an {@code .npz} file, by name. */
    public static Map<String, NDArray> readNpz(NDManager manager, Path file) throws IOException {
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            list = NDList.decode(manager, in);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": does not exist; export the torchvision weights with"
                    + " tools/export_torchvision_weights.py first", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + ": is not a readable .npz file (" + e.getMessage()
                    + ")", e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray a : list) {
            out.put(a.getName(), a);
        }
        return out;
    }

    /**
     * Copies {@code stateDict} into the parameters of {@code root} (torchvision module
     * {@code prefix}); all checks run first, so a refused import changes nothing.
     */
    public static Report load(Block root, String prefix, Map<String, NDArray> stateDict,
            List<WeightAdapter> adapters) {
        List<TorchvisionParameterNames.Entry> entries = TorchvisionParameterNames.of(root, prefix);
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> adapted = new ArrayList<>();
        Map<TorchvisionParameterNames.Entry, NDArray> plan = new LinkedHashMap<>();
        for (TorchvisionParameterNames.Entry e : entries) {
            NDArray source = stateDict.get(e.name());
            if (source == null) {
                missing.add(e.name());
                continue;
            }
            Shape ours = e.parameter().getArray().getShape();
            NDArray value = source.toType(DataType.FLOAT32, false);
            if (!value.getShape().equals(ours)) {
                NDArray fitted = fit(e.name(), value, ours, adapters);
                if (fitted == null) {
                    wrongShape.add(e.name() + " " + value.getShape() + " -> " + ours);
                    continue;
                }
                adapted.add(e.name() + " " + value.getShape() + " -> " + ours);
                value = fitted;
            }
            plan.put(e, value);
        }
        if (!missing.isEmpty() || !wrongShape.isEmpty()) {
            StringBuilder sb = new StringBuilder("The weights do not fit this network:");
            if (!missing.isEmpty()) {
                sb.append(" missing ").append(missing.size()).append(" (")
                        .append(String.join(", ", missing.subList(0, Math.min(5, missing.size()))))
                        .append(missing.size() > 5 ? ", ..." : "").append(")");
            }
            if (!wrongShape.isEmpty()) {
                sb.append(" different shapes ").append(wrongShape.size()).append(" (")
                        .append(String.join(", ",
                                wrongShape.subList(0, Math.min(5, wrongShape.size()))))
                        .append(wrongShape.size() > 5 ? ", ..." : "").append(")");
            }
            sb.append("; export them from a model of the same configuration");
            throw new IllegalArgumentException(sb.toString());
        }
        for (Map.Entry<TorchvisionParameterNames.Entry, NDArray> p : plan.entrySet()) {
            p.getKey().parameter().getArray().set(p.getValue().toFloatArray());
        }
        Set<String> used = new TreeSet<>();
        plan.keySet().forEach(e -> used.add(e.name()));
        List<String> unused = stateDict.keySet().stream()
                .filter(k -> !used.contains(k))
                .filter(k -> k.startsWith(prefix.isEmpty() ? "" : prefix + "."))
                .filter(k -> IGNORED_SUFFIXES.stream().noneMatch(k::endsWith))
                .sorted().toList();
        return new Report(plan.size(), adapted, unused);
    }

    private static NDArray fit(String name, NDArray value, Shape ours, List<WeightAdapter> adapters) {
        for (WeightAdapter a : adapters) {
            NDArray r = a.adapt(name, value, ours);
            if (r != null) {
                return r;
            }
        }
        return inflateStem(value, ours);
    }

    /**
     * A (C, 3, k, k) first-layer weight into (C, n, k, k), n > 3: channels 0-2 as given, the
     * others their mean — the paper's way of reusing RGB weights for stacked slices.
     */
    static NDArray inflateStem(NDArray rgb, Shape ours) {
        Shape s = rgb.getShape();
        if (s.dimension() != 4 || ours.dimension() != 4 || s.get(1) != 3 || ours.get(1) <= 3
                || s.get(0) != ours.get(0) || s.get(2) != ours.get(2) || s.get(3) != ours.get(3)) {
            return null;
        }
        NDArray mean = rgb.mean(new int[] {1}, true);
        NDList parts = new NDList(rgb);
        for (long c = 3; c < ours.get(1); c++) {
            parts.add(mean);
        }
        return NDArrays.concat(parts, 1);
    }
}
