package org.nodulescope.app.viewer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nodulescope.io.AtomicFiles;

/**
 * Writes ARGB pixels as a PNG file, atomically (a temporary sibling moved into place), so an
 * existing file is never left half-written. Plain AWT image I/O: no JavaFX-Swing bridge needed.
 */
public final class PngFile {

    private PngFile() {}

    /** @param argb row-major 0xAARRGGBB pixels, {@code width * height} of them */
    public static void write(Path file, int width, int height, int[] argb) throws IOException {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("A " + width + " x " + height + " image needs "
                    + width * height + " pixels, got " + argb.length);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException(file + ": no PNG writer available in this Java runtime");
            }
        });
    }
}
