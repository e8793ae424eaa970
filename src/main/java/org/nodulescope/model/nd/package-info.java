/**
 * What every stage of the detector shares about arrays and parameters, and nothing about the
 * detector: memory rules ({@link org.nodulescope.model.nd.ScratchSpace} for borrowed inputs,
 * {@link org.nodulescope.model.nd.GraphSafe} for what backward reads), libtorch's autograd
 * switch ({@link org.nodulescope.model.nd.GradMode}), torchvision's parameter names and the
 * seeded fill that parity fixtures share with Python. A leaf: it imports no other package of
 * the model, so that the stages (backbone, rpn, roi, box, loss) and the root that assembles them
 * all point down to it.
 */
package org.nodulescope.model.nd;
