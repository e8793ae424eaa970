package org.nodulescope.model.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Rearranges an imported torchvision array into the layout our parameter has, for the blocks
 * that store a weight differently (the mask head's transposed convolution). The importer asks
 * every adapter it is given and takes the first answer.
 */
@FunctionalInterface
public interface WeightAdapter {
    /**
     * @param name the parameter's torchvision name
     * @param torchvision the imported array
     * @param ours the shape of our parameter
     * @return the array in our layout, or null when this adapter does not handle the pair
     */
    NDArray adapt(String name, NDArray torchvision, Shape ours);
}
