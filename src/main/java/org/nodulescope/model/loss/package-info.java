/**
 * The training losses of torchvision's detection heads, once, as stateless functions that autograd
 * differentiates ({@link org.nodulescope.model.loss.DetectionLosses}); the RPN and the RoI heads
 * choose what to compare and divide by, these say how.
 */
package org.nodulescope.model.loss;
