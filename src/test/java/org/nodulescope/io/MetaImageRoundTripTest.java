package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class MetaImageRoundTripTest {

    private static final GridSize SIZE = new GridSize(7, 5, 3);
    private static final VoxelGeometry GEOMETRY = new VoxelGeometry(
            new WorldPoint(-172.3, 0.1, -301.25), new Spacing(0.703125, 0.6, 2.5),
            Direction.fromAxisMajor(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}));

    @TempDir
    Path dir;

    static Stream<Arguments> elementTypesAndCompression() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (MetaImageElementType t : MetaImageElementType.values()) {
            b.add(Arguments.of(t, false));
            b.add(Arguments.of(t, true));
        }
        return b.build();
    }

    /** Values that exercise each type's full range, including its extremes and negatives. */
    static VoxelData sample(MetaImageElementType type, int n) {
        Random r = new Random(type.ordinal());
        return switch (type) {
            case MET_CHAR, MET_UCHAR -> {
                byte[] a = new byte[n];
                r.nextBytes(a);
                a[0] = Byte.MIN_VALUE;
                a[1] = Byte.MAX_VALUE;
                yield new VoxelData.Int8(a, type == MetaImageElementType.MET_UCHAR);
            }
            case MET_SHORT, MET_USHORT -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) r.nextInt();
                }
                a[0] = Short.MIN_VALUE;
                a[1] = Short.MAX_VALUE;
                yield new VoxelData.Int16(a, type == MetaImageElementType.MET_USHORT);
            }
            case MET_INT, MET_UINT -> {
                int[] a = r.ints(n).toArray();
                a[0] = Integer.MIN_VALUE;
                yield new VoxelData.Int32(a, type == MetaImageElementType.MET_UINT);
            }
            case MET_FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) r.nextGaussian() * 1000;
                }
                a[0] = Float.MIN_VALUE;
                yield new VoxelData.Float32(a);
            }
            case MET_DOUBLE -> {
                double[] a = r.doubles(n).map(v -> v * 1e6 - 5e5).toArray();
                a[0] = -Double.MAX_VALUE;
                yield new VoxelData.Float64(a);
            }
        };
    }

    @ParameterizedTest(name = "{0} compressed={1}")
    @MethodSource("elementTypesAndCompression")
    void writeThenReadIsBitIdentical(MetaImageElementType type, boolean compressed)
            throws IOException {
        Volume v = new Volume(SIZE, GEOMETRY, sample(type, (int) SIZE.voxelCount()));
        Path mhd = dir.resolve("scan.mhd");
        MetaImageWriter.write(v, mhd, compressed);
        assertTrue(Files.exists(dir.resolve(compressed ? "scan.zraw" : "scan.raw")));
        String header = Files.readString(mhd);
        assertTrue(header.contains("ElementType = " + type.name()), header);

        Volume back = MetaImageReader.read(mhd);
        assertEquals(SIZE, back.size());
        assertEquals(GEOMETRY, back.geometry());
        assertEquals(type, MetaImageElementType.of(back.data()));
        for (int i = 0; i < SIZE.voxelCount(); i++) {
            assertEquals(v.data().get(i), back.data().get(i), 0, "voxel " + i);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void readsBigEndianDataAndAHeaderSizePrefix() throws IOException {
        short[] values = {-1000, -999, 0, 1, 400, 3071, -32768, 32767};
        ByteBuffer buf = ByteBuffer.allocate(32 + values.length * 2).order(ByteOrder.BIG_ENDIAN);
        buf.put(new byte[32]);
        for (short s : values) {
            buf.putShort(s);
        }
        Files.write(dir.resolve("be.raw"), buf.array());
        Files.writeString(dir.resolve("be.mhd"), """
                ObjectType = Image
                NDims = 3
                DimSize = 2 2 2
                ElementSpacing = 1 1 1
                ElementByteOrderMSB = True
                HeaderSize = 32
                ElementType = MET_SHORT
                ElementDataFile = be.raw
                """);
        Volume v = MetaImageReader.read(dir.resolve("be.mhd"));
        assertArrayEquals(values, v.toShorts());
    }

    @Test
    void headerSizeMinusOneTakesTheDataFromTheEndOfTheFile() throws IOException {
        byte[] file = new byte[100 + 4];
        file[100] = 5;
        file[102] = (byte) 0xFF;
        file[103] = (byte) 0xFF;
        Files.write(dir.resolve("tail.raw"), file);
        Files.writeString(dir.resolve("tail.mhd"), """
                NDims = 2
                DimSize = 2 1
                ElementSpacing = 0.5 0.5
                HeaderSize = -1
                ElementType = MET_SHORT
                ElementDataFile = tail.raw
                """);
        Volume v = MetaImageReader.read(dir.resolve("tail.mhd"));
        assertArrayEquals(new short[] {5, -1}, v.toShorts());
        assertEquals(new GridSize(2, 1, 1), v.size());
        assertEquals(0.5, v.geometry().spacing().x(), 0);
    }

    @Test
    void readsLocalDataAndSynonymKeys() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("""
                ObjectType = Image\r
                NDims = 3\r
                Position = 1.5 -2 3\r
                Orientation = 0 1 0 1 0 0 0 0 -1\r
                ElementSpacing = 0.7 0.8 1.25\r
                DimSize = 3 1 1\r
                BinaryDataByteOrderMSB = False\r
                ElementType = MET_FLOAT\r
                ElementDataFile = LOCAL\r
                """.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(-1.5f).putFloat(0.25f).putFloat(1e6f);
        out.write(data.array());
        Path mha = dir.resolve("local.mha");
        Files.write(mha, out.toByteArray());

        Volume v = MetaImageReader.read(mha);
        assertEquals(new WorldPoint(1.5, -2, 3), v.geometry().origin());
        assertEquals(1, v.geometry().direction().get(1, 0), 0);
        assertEquals(-1, v.geometry().direction().get(2, 2), 0);
        assertEquals(-1.5, v.value(0, 0, 0), 0);
        assertEquals(1e6, v.value(2, 0, 0), 0);

        Files.writeString(dir.resolve("origin.mhd"), """
                NDims = 3
                Origin = 4 5 6
                Rotation = 1 0 0 0 1 0 0 0 1
                ElementSpacing = 1 1 1
                DimSize = 1 1 1
                ElementType = MET_UCHAR
                ElementDataFile = one.raw
                """);
        Files.write(dir.resolve("one.raw"), new byte[] {(byte) 200});
        Volume one = MetaImageReader.read(dir.resolve("origin.mhd"));
        assertEquals(new WorldPoint(4, 5, 6), one.geometry().origin());
        assertEquals(200, one.value(0, 0, 0), 0);
    }

    @Test
    void readsZrawWrittenByAnotherZlibWriter() throws IOException {
        short[] values = new short[4 * 4 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 37 - 600);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        raw.asShortBuffer().put(values);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(raw.array());
        }
        Files.write(dir.resolve("c.zraw"), z.toByteArray());
        Files.writeString(dir.resolve("c.mhd"), "NDims = 3\nDimSize = 4 4 2\n"
                + "ElementSpacing = 1 1 1\nCompressedData = True\nCompressedDataSize = "
                + z.size() + "\nElementType = MET_SHORT\nElementDataFile = c.zraw\n");
        assertArrayEquals(values, MetaImageReader.read(dir.resolve("c.mhd")).toShorts());
    }
}
