package org.nodulescope.app.display;

/**
 * Where a slice sits on the screen: the slice fitted into the view with its true aspect ratio
 * (pixel width and height in mm from the voxel spacing), then zoomed and panned.
 *
 * <p>Image coordinates are pixel edges as in {@code Box2D}: pixel {@code (i, j)} covers
 * {@code [i, i+1) x [j, j+1)}. Screen coordinates are the view's own, in screen pixels, origin
 * top left. At zoom 1 and no pan the whole slice is centred in the view, as large as fits.
 *
 * @param imageWidth slice width in pixels
 * @param imageHeight slice height in pixels
 * @param pixelWidthMm spacing along x
 * @param pixelHeightMm spacing along y
 * @param viewWidth view width in screen pixels
 * @param viewHeight view height in screen pixels
 * @param zoom magnification relative to the fitted size, 1 = fitted
 * @param panX horizontal shift of the image from its centred place, screen pixels
 * @param panY vertical shift, screen pixels
 */
public record ViewTransform(int imageWidth, int imageHeight, double pixelWidthMm,
        double pixelHeightMm, double viewWidth, double viewHeight, double zoom, double panX,
        double panY) {

    public static final double MIN_ZOOM = 0.25;
    public static final double MAX_ZOOM = 32;

    public ViewTransform {
        if (imageWidth < 1 || imageHeight < 1 || !(pixelWidthMm > 0) || !(pixelHeightMm > 0)) {
            throw new IllegalArgumentException("A slice needs a positive size and spacing, got "
                    + imageWidth + " x " + imageHeight + " at " + pixelWidthMm + " x "
                    + pixelHeightMm + " mm");
        }
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
        viewWidth = Math.max(1, viewWidth);
        viewHeight = Math.max(1, viewHeight);
    }

    /** The fitted, centred view of a slice. */
    public static ViewTransform fitted(int imageWidth, int imageHeight, double pixelWidthMm,
            double pixelHeightMm, double viewWidth, double viewHeight) {
        return new ViewTransform(imageWidth, imageHeight, pixelWidthMm, pixelHeightMm, viewWidth,
                viewHeight, 1, 0, 0);
    }

    /** Screen pixels per millimetre at zoom 1: the whole slice fits. */
    private double fitScale() {
        return Math.min(viewWidth / (imageWidth * pixelWidthMm),
                viewHeight / (imageHeight * pixelHeightMm));
    }

    /** Screen pixels per image pixel along x. */
    public double scaleX() {
        return fitScale() * zoom * pixelWidthMm;
    }

    /** Screen pixels per image pixel along y. */
    public double scaleY() {
        return fitScale() * zoom * pixelHeightMm;
    }

    /** Screen x of the image's left edge. */
    public double offsetX() {
        return (viewWidth - imageWidth * scaleX()) / 2 + panX;
    }

    /** Screen y of the image's top edge. */
    public double offsetY() {
        return (viewHeight - imageHeight * scaleY()) / 2 + panY;
    }

    public double toScreenX(double imageX) {
        return offsetX() + imageX * scaleX();
    }

    public double toScreenY(double imageY) {
        return offsetY() + imageY * scaleY();
    }

    public double toImageX(double screenX) {
        return (screenX - offsetX()) / scaleX();
    }

    public double toImageY(double screenY) {
        return (screenY - offsetY()) / scaleY();
    }

    /** The same view in a view of another size (the window was resized). */
    public ViewTransform resized(double width, double height) {
        return new ViewTransform(imageWidth, imageHeight, pixelWidthMm, pixelHeightMm, width,
                height, zoom, panX, panY);
    }

    /** The same view of a slice of another size or spacing, zoom and pan reset. */
    public ViewTransform forImage(int width, int height, double pixelWidth, double pixelHeight) {
        return fitted(width, height, pixelWidth, pixelHeight, viewWidth, viewHeight);
    }

    /** Zoom by {@code factor} keeping the image point under the screen point where it is. */
    public ViewTransform zoomedAbout(double screenX, double screenY, double factor) {
        double ix = toImageX(screenX);
        double iy = toImageY(screenY);
        ViewTransform z = new ViewTransform(imageWidth, imageHeight, pixelWidthMm, pixelHeightMm,
                viewWidth, viewHeight, zoom * factor, 0, 0);
        // choose the pan that brings (ix, iy) back under the cursor
        return z.panned(screenX - z.toScreenX(ix), screenY - z.toScreenY(iy));
    }

    /** Shifted by a drag of {@code dx, dy} screen pixels. */
    public ViewTransform panned(double dx, double dy) {
        return new ViewTransform(imageWidth, imageHeight, pixelWidthMm, pixelHeightMm, viewWidth,
                viewHeight, zoom, panX + dx, panY + dy);
    }

    /** Panned so that image point {@code (imageX, imageY)} is at the centre of the view. */
    public ViewTransform centredOn(double imageX, double imageY) {
        return panned(viewWidth / 2 - toScreenX(imageX), viewHeight / 2 - toScreenY(imageY));
    }

    /** Zoom 1, no pan. */
    public ViewTransform reset() {
        return fitted(imageWidth, imageHeight, pixelWidthMm, pixelHeightMm, viewWidth,
                viewHeight);
    }
}
