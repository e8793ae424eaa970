package org.nodulescope.model.nd;

/**
 * A block whose parameters are all buffers: fixed values that no optimiser steps, saved and
 * loaded with the weights, as torchvision's {@code FrozenBatchNorm2d} keeps its weight, bias and
 * statistics in {@code register_buffer}. {@link TorchvisionParameterNames} marks them so.
 */
public interface BuffersOnly {
}
