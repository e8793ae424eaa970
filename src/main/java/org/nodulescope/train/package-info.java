/**
 * Training the 2.5D Mask R-CNN on {@code preprocess} output (SPEC §4): the three phases and their
 * freeze rules, the data pipeline with augmentation and prefetch, Adam, per-epoch validation with
 * {@code eval}'s nodule-level protocol, early stopping, checkpoints that a run resumes from, the
 * history and its plots, and the events the console and the app both listen to.
 */
package org.nodulescope.train;
