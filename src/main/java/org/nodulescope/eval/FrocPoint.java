package org.nodulescope.eval;

/**
 * One point of a FROC curve: counting every mark with a probability of at least
 * {@code threshold}, the false positives per scan and the share of nodules hit.
 *
 * @param threshold the probability cut; +infinity for the curve's start, where nothing counts
 * @param fpPerScan false-positive marks per scan
 * @param sensitivity nodules hit over all nodules (0 when there are no nodules)
 */
public record FrocPoint(double threshold, double fpPerScan, double sensitivity) {}
