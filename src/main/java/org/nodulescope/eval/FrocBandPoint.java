package org.nodulescope.eval;

/**
 * The FROC curve and its bootstrap band at one false-positive rate, for plots.
 *
 * @param fpRate false positives per scan
 * @param sensitivity the curve's sensitivity there
 * @param low the band's lower bound
 * @param high the band's upper bound
 */
public record FrocBandPoint(double fpRate, double sensitivity, double low, double high) {}
