package org.nodulescope.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;

/**
 * Writes a {@link Volume} as a MetaImage pair: {@code NAME.mhd} plus {@code NAME.raw}, or
 * {@code NAME.zraw} (one zlib stream) when compressed. Values keep their element type, so reading
 * the pair back gives the same voxels bit for bit.
 *
 * <p>Both files are written to temporary files first and moved into place (data, then header),
 * so an interrupted write never leaves a header pointing at half a data file, and an existing scan
 * of the same name stays intact until the new one is complete.
 */
public final class MetaImageWriter {

    private static final int CHUNK_BYTES = 1 << 20;

    private MetaImageWriter() {}

    public static void write(Volume volume, Path headerFile) throws IOException {
        write(volume, headerFile, false);
    }

    public static void write(Volume volume, Path headerFile, boolean compressed)
            throws IOException {
        String name = headerFile.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".mhd")) {
            throw new IllegalArgumentException(
                    "A MetaImage header name must end in .mhd, got " + headerFile);
        }
        String base = name.substring(0, name.length() - 4);
        Path dataFile = headerFile.resolveSibling(base + (compressed ? ".zraw" : ".raw"));
        Path dataTmp = AtomicFiles.temporarySibling(dataFile);
        try {
            long compressedSize = compressed
                    ? writeCompressed(volume.data(), dataTmp)
                    : writeRaw(volume.data(), dataTmp);
            String header = headerText(volume, dataFile.getFileName().toString(), compressed,
                    compressedSize);
            AtomicFiles.moveIntoPlace(dataTmp, dataFile);
            AtomicFiles.writeString(headerFile, header);
        } finally {
            Files.deleteIfExists(dataTmp);
        }
    }

    static String headerText(Volume volume, String dataName, boolean compressed,
            long compressedSize) {
        GridSize size = volume.size();
        VoxelGeometry g = volume.geometry();
        Direction d = g.direction();
        StringBuilder sb = new StringBuilder();
        line(sb, "ObjectType", "Image");
        line(sb, "NDims", "3");
        line(sb, "BinaryData", "True");
        line(sb, "BinaryDataByteOrderMSB", "False");
        line(sb, "CompressedData", compressed ? "True" : "False");
        if (compressed) {
            line(sb, "CompressedDataSize", Long.toString(compressedSize));
        }
        line(sb, "TransformMatrix", numbers(d.toAxisMajor()));
        line(sb, "Offset", numbers(g.origin().x(), g.origin().y(), g.origin().z()));
        line(sb, "CenterOfRotation", "0 0 0");
        line(sb, "ElementSpacing", numbers(g.spacing().x(), g.spacing().y(), g.spacing().z()));
        line(sb, "DimSize", size.x() + " " + size.y() + " " + size.z());
        line(sb, "ElementType", MetaImageElementType.of(volume.data()).name());
        line(sb, "ElementDataFile", dataName);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(" = ").append(value).append('\n');
    }

    /** Shortest exact decimal form, so that values read back bit-identical. */
    private static String numbers(double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            String s = v == 0 ? "0" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            sb.append(s);
        }
        return sb.toString();
    }

    private static long writeRaw(VoxelData data, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ChunkSource src = new ChunkSource(data);
            while (src.fill(buf)) {
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                buf.clear();
            }
            return ch.size();
        }
    }

    private static long writeCompressed(VoxelData data, Path target) throws IOException {
        // Speed over ratio: masks shrink ~100x at level 1 and CT gains little from higher levels.
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (OutputStream out = new DeflaterOutputStream(
                new BufferedOutputStream(Files.newOutputStream(target), 1 << 16), deflater,
                1 << 16)) {
            byte[] chunk = new byte[CHUNK_BYTES];
            ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            ChunkSource src = new ChunkSource(data);
            while (src.fill(buf)) {
                out.write(chunk, 0, buf.position());
                buf.clear();
            }
        } finally {
            deflater.end();
        }
        return Files.size(target);
    }

    /** Copies successive runs of voxels into a byte buffer in the buffer's byte order. */
    private static final class ChunkSource {
        private final VoxelData data;
        private int next;

        ChunkSource(VoxelData data) {
            this.data = data;
        }

        /** Fills {@code buf} from its position; false when there was nothing left. */
        boolean fill(ByteBuffer buf) {
            int total = data.length();
            if (next >= total) {
                return false;
            }
            int n = Math.min(total - next, buf.remaining() / data.bytesPerVoxel());
            switch (data) {
                case VoxelData.Int8 d -> buf.put(d.values(), next, n);
                case VoxelData.Int16 d -> buf.asShortBuffer().put(d.values(), next, n);
                case VoxelData.Int32 d -> buf.asIntBuffer().put(d.values(), next, n);
                case VoxelData.Float32 d -> buf.asFloatBuffer().put(d.values(), next, n);
                case VoxelData.Float64 d -> buf.asDoubleBuffer().put(d.values(), next, n);
            }
            if (!(data instanceof VoxelData.Int8)) {
                buf.position(buf.position() + n * data.bytesPerVoxel());
            }
            next += n;
            return true;
        }
    }
}
