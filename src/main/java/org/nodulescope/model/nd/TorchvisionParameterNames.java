package org.nodulescope.model.nd;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The torchvision state-dict name of every parameter of a block tree, found by walking the tree.
 *
 * <p>DJL stores a child under its ordinal and name ({@code "03layer1"}) and joins paths with
 * {@code _}; torchvision's names contain underscores themselves ({@code inner_blocks},
 * {@code running_mean}), so the DJL key cannot be split back. Here each child's name is its DJL
 * key minus the ordinal prefix, the path is joined with dots, and the leaf is the parameter's
 * torchvision name: DJL's {@code BatchNorm} calls {@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var} {@code gamma}, {@code beta}, {@code runningMean},
 * {@code runningVar}; other blocks already use torchvision's leaf names.
 */
public final class TorchvisionParameterNames {

    private static final Map<String, String> BATCH_NORM_LEAVES = Map.of(
            "gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    private TorchvisionParameterNames() {}

    /**
     * One parameter of the tree under its torchvision name.
     *
     * @param name dotted path, e.g. {@code backbone.body.layer1.0.conv1.weight}
     * @param parameter the DJL parameter
     * @param buffer true when torchvision keeps it as a buffer (running statistics, every array
     *     of a frozen norm), which {@code model.parameters()} does not count
     */
    public record Entry(String name, Parameter parameter, boolean buffer) {}

    /**
     * Every parameter under {@code root}, depth first, a block's own before its children's.
     *
     * @param root the block standing for torchvision module {@code prefix}
     * @param prefix torchvision path of {@code root} ("" for the top, else e.g. "backbone")
     * @return the entries in tree order
     */
    public static List<Entry> of(Block root, String prefix) {
        List<Entry> entries = new ArrayList<>();
        walk(root, prefix, entries);
        return entries;
    }

    private static void walk(Block block, String path, List<Entry> entries) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String leaf = p.getKey();
            boolean buffer;
            if (block instanceof BatchNorm) {
                String mapped = BATCH_NORM_LEAVES.get(leaf);
                if (mapped == null) {
                    throw new IllegalStateException("BatchNorm parameter " + leaf
                            + " has no torchvision name");
                }
                leaf = mapped;
                buffer = leaf.startsWith("running_");
            } else {
                buffer = block instanceof BuffersOnly;
            }
            entries.add(new Entry(join(path, leaf), p.getValue(), buffer));
        }
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            walk(children.get(i).getValue(), join(path, childName(children.keys().get(i), i)),
                    entries);
        }
    }

    /**
     * The name given to {@code addChildBlock}: DJL prefixes it with "%02d" of its 1-based
     * position among the children.
     *
     * @param djlKey the key in the parent's child list, e.g. "03layer1"
     * @param position 0-based index of the child in that list
     * @return the name without its ordinal, e.g. "layer1"
     * @throws IllegalStateException if the key does not carry the expected ordinal
     */
    public static String childName(String djlKey, int position) {
        String ordinal = String.format("%02d", position + 1);
        if (!djlKey.startsWith(ordinal)) {
            throw new IllegalStateException("child key " + djlKey + " at position " + position
                    + " does not start with its ordinal " + ordinal);
        }
        return djlKey.substring(ordinal.length());
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
