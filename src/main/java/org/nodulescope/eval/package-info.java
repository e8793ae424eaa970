/**
 * Scoring, shared by training's validation, whole-scan detection, the command line and the app:
 * the dynamic score threshold, the merging of slice detections into 3D nodules, the paper's
 * nodule-level protocol (TP/FP/FN, precision, recall, F1; Hungarian-matched Dice and IoU) and
 * the official LUNA16 protocol (FROC, CPM, bootstrap intervals).
 *
 * <p>Plain records over {@code volume}'s boxes and masks: this package sees {@code volume} and
 * {@code io} only, never the model, so that {@code train} and {@code detect} (which may not import
 * each other) share one copy of every rule.
 */
package org.nodulescope.eval;
