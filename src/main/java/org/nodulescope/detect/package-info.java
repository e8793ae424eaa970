/**
 * Whole-scan detection: a scan (MetaImage or DICOM) is prepared exactly as the model folder's
 * recipe says (window, CLAHE, lung mask), every slice of the lung z-range goes through the 2.5D
 * Mask R-CNN in batches, and the slice detections become 3D nodules with measurements through
 * {@code eval}'s score threshold and merger. {@link org.nodulescope.detect.DetectionService} is
 * the entry point for the command line and the viewer: progress events, cancellation between
 * batches, nothing of JavaFX.
 */
package org.nodulescope.detect;
