package org.nodulescope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The committed icon files (made by installer/icons/MakeIcons.java) are what each desktop reads:
 * PNGs of the size their name says, a .ico whose directory matches the PNGs inside it, and a
 * .icns whose entries hold PNGs of the size their type demands. The window icons travel in the jar.
 */
class AssetsTest {

    private static final Path ICONS = Path.of("assets", "icons");
    private static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    @Test
    void pngSetHasEverySizeWithATransparentCornerAndAnOpaqueCentre() throws IOException {
        for (int size : PNG_SIZES) {
            Path file = ICONS.resolve("nodulescope-" + size + ".png");
            BufferedImage img = ImageIO.read(file.toFile());
            assertNotNull(img, file + " is not a PNG");
            assertEquals(size, img.getWidth(), file.toString());
            assertEquals(size, img.getHeight(), file.toString());
            assertTrue((img.getRGB(0, 0) >>> 24) < 32, file + ": the rounded corner is (nearly) transparent");
            assertEquals(255, img.getRGB(size / 2, size / 2) >>> 24, file + ": the centre is opaque");
        }
    }

    @Test
    void windowIconsAreOnTheClassPath() throws IOException {
        for (int size : PNG_SIZES) {
            String name = "/org/nodulescope/icons/nodulescope-" + size + ".png";
            try (InputStream in = AssetsTest.class.getResourceAsStream(name)) {
                assertNotNull(in, name);
                assertArrayEquals(Files.readAllBytes(ICONS.resolve("nodulescope-" + size + ".png")),
                        in.readAllBytes(), name);
            }
        }
    }

    @Test
    void icoDirectoryMatchesItsPngImages() throws IOException {
        byte[] file = Files.readAllBytes(ICONS.resolve("nodulescope.ico"));
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getShort(0));
        assertEquals(1, b.getShort(2), "type 1 = icon");
        int count = b.getShort(4);
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int declared = file[entry] == 0 ? 256 : file[entry] & 0xff;
            int length = b.getInt(entry + 8);
            int offset = b.getInt(entry + 12);
            assertTrue(offset + length <= file.length, "entry " + i + " runs past the end");
            BufferedImage img = png(file, offset, length);
            assertEquals(declared, img.getWidth(), "entry " + i);
            sizes.add(declared);
        }
        assertTrue(sizes.containsAll(Set.of(16, 32, 48, 256)), "Windows needs 16, 32, 48, 256: " + sizes);
    }

    @Test
    void icnsEntriesHoldPngsOfTheirTypesSize() throws IOException {
        byte[] file = Files.readAllBytes(ICONS.resolve("nodulescope.icns"));
        ByteBuffer b = ByteBuffer.wrap(file);
        assertEquals("icns", new String(file, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(file.length, b.getInt(4));
        Map<String, Integer> expected = Map.of("icp4", 16, "icp5", 32, "icp6", 64, "ic07", 128,
                "ic08", 256, "ic09", 512, "ic10", 1024, "ic11", 32, "ic12", 64, "ic13", 256);
        Set<String> seen = new HashSet<>();
        int at = 8;
        while (at < file.length) {
            String type = new String(file, at, 4, StandardCharsets.US_ASCII);
            int length = b.getInt(at + 4);
            assertTrue(length > 8 && at + length <= file.length, type + " has a bad length");
            BufferedImage img = png(file, at + 8, length - 8);
            if (expected.containsKey(type)) {
                assertEquals(expected.get(type), img.getWidth(), type);
            }
            seen.add(type);
            at += length;
        }
        assertEquals(file.length, at);
        assertTrue(seen.containsAll(expected.keySet()), "missing types: " + seen);
    }

    @Test
    void brisqueDataShipsWithItsLicence() {
        Path brisque = Path.of("assets", "brisque");
        for (String name : new String[] {"brisque_model_live.yml", "brisque_range_live.yml",
                "NOTICE", "LICENSE-Apache-2.0"}) {
            assertTrue(Files.isRegularFile(brisque.resolve(name)), name);
        }
    }

    private static BufferedImage png(byte[] file, int offset, int length) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(file, offset, length));
        assertNotNull(img, "no PNG at byte " + offset);
        assertEquals(img.getWidth(), img.getHeight());
        return img;
    }
}
