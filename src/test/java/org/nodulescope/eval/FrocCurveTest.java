package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrocCurveTest {

    @Test
    void interpolatesAsNumpyInterp() {
        // numpy.interp([1, 0.5, 1.5, 3, -1], [0, 1, 1, 2], [0, .5, .8, 1])
        //   -> [0.8, 0.25, 0.9, 1.0, 0.0]
        double[] xs = {0, 1, 1, 2};
        double[] ys = {0, 0.5, 0.8, 1};
        assertEquals(0.8, FrocCurve.interp(1, xs, ys, 4), 0);     // top of the step
        assertEquals(0.25, FrocCurve.interp(0.5, xs, ys, 4), 1e-15);
        assertEquals(0.9, FrocCurve.interp(1.5, xs, ys, 4), 1e-15); // from the top
        assertEquals(1, FrocCurve.interp(3, xs, ys, 4), 0);       // past the end
        assertEquals(0, FrocCurve.interp(-1, xs, ys, 4), 0);      // before the start
        // numpy.interp([0, 1], [0, 0, 1, 1], [0, .3, .6, .9]) -> [0.3, 0.9]
        double[] steps = {0, 0, 1, 1};
        double[] values = {0, 0.3, 0.6, 0.9};
        assertEquals(0.3, FrocCurve.interp(0, steps, values, 4), 0);
        assertEquals(0.9, FrocCurve.interp(1, steps, values, 4), 0);
        // only the first n points count
        assertEquals(0.6, FrocCurve.interp(5, steps, values, 3), 0);
    }
}
