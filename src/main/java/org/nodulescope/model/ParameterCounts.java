package org.nodulescope.model;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Parameter totals counted as torchvision counts them ({@code sum(p.numel() for p in
 * model.parameters())}): buffers (running statistics, frozen normalisation arrays) excluded,
 * whether or not a parameter is currently frozen for a training phase.
 */
public final class ParameterCounts {

    private ParameterCounts() {}

    /**
     * @param root an initialised block (shapes are known only after initialisation)
     * @return the number of parameter elements under {@code root}
     * @throws IllegalStateException if a parameter has no shape yet
     */
    public static long of(Block root) {
        long total = 0;
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(root, "")) {
            if (!e.buffer()) {
                if (e.parameter().getShape() == null) {
                    throw new IllegalStateException(
                            "initialise the block before counting " + e.name());
                }
                total += e.parameter().getShape().size();
            }
        }
        return total;
    }

    /**
     * Totals per child, in torchvision's child order and names, plus the block's own parameters
     * under "(own)" when it has any.
     *
     * @param root an initialised block
     * @return child name to parameter count
     */
    public static Map<String, Long> perChild(Block root) {
        Map<String, Long> totals = new LinkedHashMap<>();
        long own = 0;
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(root, "")) {
            if (!e.buffer() && !e.name().contains(".")) {
                own += e.parameter().getShape().size();
            }
        }
        if (own > 0) {
            totals.put("(own)", own);
        }
        BlockList children = root.getChildren();
        for (int i = 0; i < children.size(); i++) {
            totals.put(TorchvisionParameterNames.childName(children.keys().get(i), i),
                    of(children.get(i).getValue()));
        }
        return totals;
    }

    /**
     * A text table of the tree's totals, {@code depth} levels deep: a header, then one line per
     * module with its torchvision path (indented by level), its parameter count and its buffer
     * elements (running statistics, frozen norm arrays); the first module line is the total.
     *
     * @param root an initialised block
     * @param path torchvision path of {@code root}, e.g. "backbone"
     * @param depth how many child levels to list (0: the total only)
     * @return lines ending in the platform line separator
     */
    public static String describe(Block root, String path, int depth) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-44s %14s %12s%n", "module", "parameters", "buffers"));
        describe(root, path, depth, 0, out);
        return out.toString();
    }

    private static void describe(Block block, String path, int depth, int level,
            StringBuilder out) {
        long buffers = 0;
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(block, "")) {
            if (e.buffer()) {
                buffers += e.parameter().getShape().size();
            }
        }
        String indented = "  ".repeat(level) + path;
        out.append(String.format("%-44s %,14d %,12d%n", indented, of(block), buffers));
        if (level >= depth) {
            return;
        }
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            String child = TorchvisionParameterNames.childName(children.keys().get(i), i);
            describe(children.get(i).getValue(), path.isEmpty() ? child : path + "." + child,
                    depth, level + 1, out);
        }
    }
}
