package org.nodulescope.model.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Blocks named by their position, "0", "1", ..., like torchvision's {@code nn.Sequential} and
 * {@code nn.ModuleList}: a ResNet stage ({@code layer1}), a shortcut ({@code downsample}: conv
 * "0", norm "1"), an FPN list ({@code inner_blocks}) or a one-conv {@code Conv2dNormActivation}.
 *
 * <p>DJL's {@code SequentialBlock} names its children after their class, which would not match
 * torchvision's state-dict keys; this block keeps the index names. A {@linkplain #chain chain}
 * runs its members one after the other; a {@linkplain #list list} has no forward of its own (its
 * owner calls {@link #get(int)} per level) and initialises member i from input shape i.
 */
public final class IndexedSequence extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Block> members;
    private final boolean chained;

    private IndexedSequence(List<Block> members, boolean chained) {
        super(VERSION);
        this.chained = chained;
        for (int i = 0; i < members.size(); i++) {
            addChildBlock(Integer.toString(i), members.get(i));
        }
        this.members = List.copyOf(members);
    }

    /**
     * torchvision's {@code nn.Sequential}: the members, named "0".."n-1", run in this order.
     *
     * @param members at least one block
     * @return the chain
     * @throws IllegalArgumentException if {@code members} is empty
     */
    public static IndexedSequence chain(List<? extends Block> members) {
        return new IndexedSequence(nonEmpty(members), true);
    }

    /**
     * torchvision's {@code nn.ModuleList}: the members, named "0".."n-1", each run by the owner on
     * its own input.
     *
     * @param members at least one block
     * @return the list
     * @throws IllegalArgumentException if {@code members} is empty
     */
    public static IndexedSequence list(List<? extends Block> members) {
        return new IndexedSequence(nonEmpty(members), false);
    }

    private static List<Block> nonEmpty(List<? extends Block> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("IndexedSequence needs at least one block");
        }
        return List.copyOf(members);
    }

    /** @return the member at {@code index} (torchvision's {@code seq[index]}) */
    public Block get(int index) {
        return members.get(index);
    }

    /** @return the number of members */
    public int size() {
        return members.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        if (!chained) {
            throw new UnsupportedOperationException(
                    "a block list has no forward; run its members with get(i)");
        }
        NDList current = inputs;
        for (Block member : members) {
            current = member.forward(parameterStore, current, training, params);
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        if (!chained) {
            requireOneShapePerMember(inputShapes);
            for (int i = 0; i < members.size(); i++) {
                members.get(i).initialize(manager, dataType, inputShapes[i]);
            }
            return;
        }
        Shape[] shapes = inputShapes;
        for (Block member : members) {
            member.initialize(manager, dataType, shapes);
            shapes = member.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (!chained) {
            requireOneShapePerMember(inputShapes);
            Shape[] out = new Shape[members.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = members.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
            }
            return out;
        }
        Shape[] shapes = inputShapes;
        for (Block member : members) {
            shapes = member.getOutputShapes(shapes);
        }
        return shapes;
    }

    private void requireOneShapePerMember(Shape[] inputShapes) {
        if (inputShapes.length != members.size()) {
            throw new IllegalArgumentException("a list of " + members.size()
                    + " blocks needs one input shape each, got " + inputShapes.length);
        }
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "IndexedSequence version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }
}
