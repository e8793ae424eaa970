package org.nodulescope.app.viewer;

import java.nio.IntBuffer;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.nodulescope.app.display.ArgbSlice;
import org.nodulescope.app.display.ScreenRaster;
import org.nodulescope.app.display.ViewTransform;

/**
 * A screen-sized image of a slice, backed by an int buffer in the renderer's own format
 * (premultiplied ARGB). A plain {@code WritableImage} stores bytes, so every frame would be
 * converted to bytes and back to ints on its way to the screen; profiling showed that copy to
 * be most of a frame in the software renderer.
 */
final class ScreenImage {

    private final ScreenRaster raster = new ScreenRaster();
    private PixelBuffer<IntBuffer> buffer;
    private WritableImage image;

    /** The image, resized to {@code width x height} when needed, showing {@code slice}. */
    WritableImage show(ArgbSlice slice, ViewTransform t, int width, int height) {
        if (image == null || buffer.getWidth() != width || buffer.getHeight() != height) {
            buffer = new PixelBuffer<>(width, height, IntBuffer.allocate(width * height),
                    PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
        }
        int[] pixels = buffer.getBuffer().array();
        // opaque pixels: premultiplied and plain ARGB are the same
        buffer.updateBuffer(b -> {
            raster.render(slice, t, width, height, 0xFF000000, pixels);
            return (Rectangle2D) null;
        });
        return image;
    }
}
