/**
 * The RoI heads' parts; so far the poolers: {@link org.nodulescope.model.roi.RoiAlign} for one
 * feature level, {@link org.nodulescope.model.roi.LevelMapper} and {@link
 * org.nodulescope.model.roi.MultiScaleRoiAlign} over P2..P5, as torchvision's MultiScaleRoIAlign
 * (aligned = false, sampling ratio 2).
 */
package org.nodulescope.model.roi;
