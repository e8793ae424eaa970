package org.nodulescope.eval;

/**
 * The sensitivity at one false-positive rate of the FROC curve.
 *
 * @param fpRate false positives per scan
 * @param sensitivity read from the curve
 * @param ci its bootstrap interval, or null when no bootstrap ran
 */
public record OperatingPoint(double fpRate, double sensitivity, ConfidenceInterval ci) {}
