package org.nodulescope.app.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ViewTransformTest {

    private static final double EPS = 1e-9;

    @Test
    void squarePixelsFillTheShorterSideAndAreCentred() {
        ViewTransform t = ViewTransform.fitted(512, 512, 0.7, 0.7, 800, 600);
        assertEquals(600.0 / 512, t.scaleX(), EPS);
        assertEquals(t.scaleX(), t.scaleY(), EPS);
        assertEquals(100, t.offsetX(), EPS);
        assertEquals(0, t.offsetY(), EPS);
        assertEquals(400, t.toScreenX(256), EPS);
    }

    @Test
    void theAspectRatioComesFromTheSpacing() {
        // pixels twice as tall as wide: the image is drawn twice as tall per pixel
        ViewTransform t = ViewTransform.fitted(100, 50, 0.5, 1.0, 1000, 1000);
        assertEquals(2 * t.scaleX(), t.scaleY(), EPS);
        assertEquals(1000, 100 * t.scaleX(), EPS);
        assertEquals(1000, 50 * t.scaleY(), EPS);
    }

    @Test
    void screenAndImageCoordinatesRoundTrip() {
        ViewTransform t = ViewTransform.fitted(300, 200, 0.8, 0.6, 640, 480)
                .zoomedAbout(123, 77, 3.5).panned(-40, 12);
        assertEquals(17.25, t.toImageX(t.toScreenX(17.25)), EPS);
        assertEquals(199.5, t.toImageY(t.toScreenY(199.5)), EPS);
    }

    @Test
    void zoomKeepsThePointUnderTheCursor() {
        ViewTransform t = ViewTransform.fitted(512, 512, 0.7, 0.7, 800, 600).panned(30, -20);
        double ix = t.toImageX(250);
        double iy = t.toImageY(410);
        ViewTransform z = t.zoomedAbout(250, 410, 2);
        assertEquals(2, z.zoom(), EPS);
        assertEquals(250, z.toScreenX(ix), 1e-6);
        assertEquals(410, z.toScreenY(iy), 1e-6);
    }

    @Test
    void zoomIsBoundedAndResetReturnsToTheFittedView() {
        ViewTransform t = ViewTransform.fitted(64, 64, 1, 1, 640, 640);
        assertEquals(ViewTransform.MAX_ZOOM, t.zoomedAbout(0, 0, 1e6).zoom(), EPS);
        assertEquals(ViewTransform.MIN_ZOOM, t.zoomedAbout(0, 0, 1e-6).zoom(), EPS);
        ViewTransform moved = t.zoomedAbout(10, 10, 4).panned(55, 66);
        assertEquals(t, moved.reset());
    }

    @Test
    void centringPutsAnImagePointInTheMiddleOfTheView() {
        ViewTransform t = ViewTransform.fitted(512, 512, 0.7, 0.7, 800, 600).zoomedAbout(0, 0, 3)
                .centredOn(100.5, 300.5);
        assertEquals(400, t.toScreenX(100.5), 1e-6);
        assertEquals(300, t.toScreenY(300.5), 1e-6);
    }
}
