/**
 * The region proposal network's parts; so far {@link org.nodulescope.model.rpn.AnchorGenerator},
 * which reproduces torchvision's anchors value for value and in its order.
 */
package org.nodulescope.model.rpn;
