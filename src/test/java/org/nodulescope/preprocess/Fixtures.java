package org.nodulescope.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the fixtures under src/test/resources/fixtures (made by the make_fixtures.py scripts). */
public final class Fixtures {

    private Fixtures() {
    }

    /** One row of a fixture manifest: the image name, its size and what it shows. */
    public record Image(String folder, String name, int width, int height, String content) {

        public byte[] input() {
            return bytes(folder + "/" + name + ".in.u8.gz", width * height);
        }

        public byte[] opencvClahe() {
            return bytes(folder + "/" + name + ".opencv.u8.gz", width * height);
        }

        public byte[] file(String suffix) {
            return bytes(folder + "/" + name + suffix, width * height);
        }

        public boolean hasHu() {
            return Fixtures.class.getResource("/fixtures/" + folder + "/" + name + ".hu.i16le.gz") != null;
        }

        public short[] hu() {
            byte[] raw = bytes(folder + "/" + name + ".hu.i16le.gz", 2 * width * height);
            short[] out = new short[width * height];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The rows of {@code fixtures/<folder>/manifest.csv} (simple CSV: quotes only around commas). */
    public static List<List<String>> csv(String folder, String file) {
        String text = new String(bytes(folder + "/" + file, -1), StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells);
        }
        return rows.subList(1, rows.size());
    }

    public static List<Image> clahe() {
        List<Image> images = new ArrayList<>();
        for (List<String> row : csv("clahe", "manifest.csv")) {
            images.add(new Image("clahe", row.get(0), Integer.parseInt(row.get(1)),
                    Integer.parseInt(row.get(2)), row.get(3)));
        }
        return images;
    }

    public static Image clahe(String name) {
        return clahe().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No CLAHE fixture " + name));
    }

    /** A fixture file's bytes, gunzipped when its name ends in .gz; {@code expected} < 0: any length. */
    static byte[] bytes(String path, int expected) {
        String resource = "/fixtures/" + path;
        try (InputStream raw = Fixtures.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("Missing test resource " + resource);
            }
            InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            byte[] data = in.readAllBytes();
            if (expected >= 0 && data.length != expected) {
                throw new IllegalStateException(resource + " holds " + data.length
                        + " bytes, expected " + expected);
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
