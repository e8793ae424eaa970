package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/** The report's pictures: the lung window, the region around the box, the tinted mask. */
class FindingThumbnailTest {

    /** 200 x 200 x 1 at -600 HU (the lung window's level: mid grey). */
    private static Volume grey() {
        GridSize size = new GridSize(200, 200, 1);
        short[] hu = new short[(int) size.voxelCount()];
        Arrays.fill(hu, (short) -600);
        return Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(1, 1, 1), Direction.identity()), hu);
    }

    @Test
    void theRegionAroundTheBoxIsMagnifiedWithTheMaskTintedAndTheBoxDrawn() throws IOException {
        // box of 16 x 16 px at (100, 100): region 48 x 48 px around it, magnified 128 / 48
        Box2D box = new Box2D(100, 100, 116, 116);
        byte[] bits = new byte[16 * 16];
        Arrays.fill(bits, (byte) 1);
        SliceMask mask = new SliceMask(200, 200, 100, 100, 16, 16, bits);
        BufferedImage image = FindingThumbnail.render(grey(), 0, box, mask,
                FindingThumbnail.PREDICTED);
        assertEquals(FindingThumbnail.SIZE, image.getWidth());
        Color outside = new Color(image.getRGB(5, 5));
        assertEquals(outside.getRed(), outside.getGreen());
        assertEquals(128, outside.getRed(), 1, "-600 HU is the middle of W1500/L-600");
        Color inside = new Color(image.getRGB(64, 64));
        assertTrue(inside.getGreen() > inside.getRed() + 20, "the mask is tinted: " + inside);
        // the box's left edge: region starts at 108 - 24 = 84, so x = (100 - 84) * 128 / 48
        int edge = (int) Math.round(16 * 128 / 48.0);
        assertEquals(FindingThumbnail.PREDICTED.getRGB(), image.getRGB(edge, 64) | 0xFF000000);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(
                FindingThumbnail.png(image)));
        assertEquals(image.getRGB(64, 64), back.getRGB(64, 64), "PNG is lossless");
    }

    @Test
    void aFindingAtTheBorderKeepsItsRegionInsideTheSlice() {
        Box2D corner = new Box2D(0, 190, 6, 200);
        BufferedImage image = FindingThumbnail.render(grey(), 0, corner, null,
                FindingThumbnail.TRUTH);
        assertEquals(FindingThumbnail.SIZE, image.getHeight());
        // the region is the slice's last 48 rows: the box's left edge is the picture's
        assertEquals(FindingThumbnail.TRUTH.getRGB(), image.getRGB(0, 120) | 0xFF000000);
    }
}
