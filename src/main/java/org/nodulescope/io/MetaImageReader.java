package org.nodulescope.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;

/**
 * Loads MetaImage scans: {@code .mhd} with a separate {@code .raw} or zlib-compressed
 * {@code .zraw} file, or {@code .mha} with the data inside ({@code ElementDataFile = LOCAL}).
 *
 * <p>Voxels stream from the file through a small buffer straight into the final array, so a scan
 * costs its own size in memory and no more. Sizes are checked against the file and against free
 * memory before the array is allocated.
 */
public final class MetaImageReader {

    private static final int CHUNK_BYTES = 1 << 20;

    private MetaImageReader() {}

    public static MetaImageHeader readHeader(Path headerFile) throws IOException {
        return MetaImageHeaderParser.parse(headerFile);
    }

    public static Volume read(Path headerFile) throws IOException {
        return read(readHeader(headerFile));
    }

    public static Volume read(MetaImageHeader header) throws IOException {
        long count = header.size().voxelCount();
        checkFitsInMemory(header, count);
        VoxelSink sink = VoxelSink.allocate(header.elementType(), (int) count, header.byteOrder());
        if (header.compressed()) {
            readCompressed(header, sink);
        } else {
            readRaw(header, sink);
        }
        return new Volume(header.size(), header.geometry(), sink.data());
    }

    private static void checkFitsInMemory(MetaImageHeader header, long count)
            throws DataFileException {
        String shape = header.size() + " " + header.elementType();
        if (count > Integer.MAX_VALUE - 16) {
            throw new DataFileException(header.headerFile(), "DimSize " + shape + " has "
                    + count + " voxels, more than one Java array can hold; crop or split the image");
        }
        long need = header.dataBytes();
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new DataFileException(header.headerFile(), String.format(
                    "DimSize %s needs %,d MB of memory but this Java process has only %,d MB"
                            + " free; check the header, or start NoduleScope with a larger -Xmx",
                    shape, need >> 20, free >> 20));
        }
    }

    private static void readRaw(MetaImageHeader header, VoxelSink sink) throws IOException {
        Path file = header.dataFile();
        long need = header.dataBytes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long offset = header.dataOffset() == -1 ? size - need : header.dataOffset();
            if (offset < 0 || size - offset < need) {
                throw new DataFileException(file, String.format(
                        "holds %,d bytes of voxel data but the header %s needs %,d (DimSize %s of"
                                + " %s); the file is truncated or the header is wrong",
                        Math.max(0, size - Math.max(0, offset)), header.headerFile().getFileName(),
                        need, header.size(), header.elementType()));
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(chunkSize(header)).order(header.byteOrder());
            long pos = offset;
            long end = offset + need;
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), end - pos));
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos + buf.position());
                    if (n < 0) {
                        throw new DataFileException(file, "ended while being read; was it changed?");
                    }
                }
                buf.flip();
                pos += buf.remaining();
                sink.accept(buf);
            }
        } catch (NoSuchFileException e) {
            throw missingDataFile(header);
        }
    }

    private static void readCompressed(MetaImageHeader header, VoxelSink sink) throws IOException {
        Path file = header.dataFile();
        long need = header.dataBytes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long available = ch.size() - header.dataOffset();
            if (header.compressedSize().isPresent() && available < header.compressedSize().getAsLong()) {
                throw new DataFileException(file, String.format(
                        "holds %,d compressed bytes but CompressedDataSize in %s says %,d; the file"
                                + " is truncated", available, header.headerFile().getFileName(),
                        header.compressedSize().getAsLong()));
            }
            ch.position(header.dataOffset());
            Inflater inflater = new Inflater();
            try (InputStream in = new InflaterInputStream(
                    new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), inflater,
                    1 << 16)) {
                byte[] chunk = new byte[chunkSize(header)];
                ByteBuffer buf = ByteBuffer.wrap(chunk).order(header.byteOrder());
                long done = 0;
                while (done < need) {
                    int want = (int) Math.min(chunk.length, need - done);
                    int got = in.readNBytes(chunk, 0, want);
                    if (got < want) {
                        throw new DataFileException(file, String.format(
                                "decompresses to only %,d bytes but the header %s needs %,d"
                                        + " (DimSize %s of %s); the file is truncated or the"
                                        + " header is wrong", done + got,
                                header.headerFile().getFileName(), need, header.size(),
                                header.elementType()));
                    }
                    buf.clear().limit(got);
                    sink.accept(buf);
                    done += got;
                }
            } catch (ZipException e) {
                throw new DataFileException(file, "the zlib-compressed voxel data is corrupt ("
                        + e.getMessage() + "); the file is damaged, copy it again from its source",
                        e);
            } catch (EOFException e) {
                throw new DataFileException(file, "the zlib-compressed voxel data ends before the"
                        + " stream is complete; the file is truncated, copy it again from its"
                        + " source", e);
            } finally {
                inflater.end();
            }
        } catch (NoSuchFileException e) {
            throw missingDataFile(header);
        }
    }

    private static DataFileException missingDataFile(MetaImageHeader header) {
        return new DataFileException(header.headerFile(), "its data file "
                + header.dataFile().getFileName() + " (ElementDataFile) does not exist; keep the"
                + " .raw/.zraw file beside the header");
    }

    /** A chunk size that keeps whole elements in every chunk. */
    private static int chunkSize(MetaImageHeader header) {
        int e = header.elementType().bytes();
        return CHUNK_BYTES / e * e;
    }

    /** Receives decoded bytes chunk by chunk and fills the final array. */
    private abstract static class VoxelSink {
        int filled;

        abstract void accept(ByteBuffer chunk);

        abstract VoxelData data();

        static VoxelSink allocate(MetaImageElementType type, int count, ByteOrder order) {
            return switch (type) {
                case MET_CHAR, MET_UCHAR -> new ByteSink(new byte[count], type == MetaImageElementType.MET_UCHAR);
                case MET_SHORT, MET_USHORT -> new ShortSink(new short[count], type == MetaImageElementType.MET_USHORT);
                case MET_INT, MET_UINT -> new IntSink(new int[count], type == MetaImageElementType.MET_UINT);
                case MET_FLOAT -> new FloatSink(new float[count]);
                case MET_DOUBLE -> new DoubleSink(new double[count]);
            };
        }
    }

    private static final class ByteSink extends VoxelSink {
        final byte[] a;
        final boolean unsigned;

        ByteSink(byte[] a, boolean unsigned) {
            this.a = a;
            this.unsigned = unsigned;
        }

        void accept(ByteBuffer c) {
            int n = c.remaining();
            c.get(a, filled, n);
            filled += n;
        }

        VoxelData data() {
            return new VoxelData.Int8(a, unsigned);
        }
    }

    private static final class ShortSink extends VoxelSink {
        final short[] a;
        final boolean unsigned;

        ShortSink(short[] a, boolean unsigned) {
            this.a = a;
            this.unsigned = unsigned;
        }

        void accept(ByteBuffer c) {
            int n = c.remaining() / 2;
            c.asShortBuffer().get(a, filled, n);
            filled += n;
        }

        VoxelData data() {
            return new VoxelData.Int16(a, unsigned);
        }
    }

    private static final class IntSink extends VoxelSink {
        final int[] a;
        final boolean unsigned;

        IntSink(int[] a, boolean unsigned) {
            this.a = a;
            this.unsigned = unsigned;
        }

        void accept(ByteBuffer c) {
            int n = c.remaining() / 4;
            c.asIntBuffer().get(a, filled, n);
            filled += n;
        }

        VoxelData data() {
            return new VoxelData.Int32(a, unsigned);
        }
    }

    private static final class FloatSink extends VoxelSink {
        final float[] a;

        FloatSink(float[] a) {
            this.a = a;
        }

        void accept(ByteBuffer c) {
            int n = c.remaining() / 4;
            c.asFloatBuffer().get(a, filled, n);
            filled += n;
        }

        VoxelData data() {
            return new VoxelData.Float32(a);
        }
    }

    private static final class DoubleSink extends VoxelSink {
        final double[] a;

        DoubleSink(double[] a) {
            this.a = a;
        }

        void accept(ByteBuffer c) {
            int n = c.remaining() / 8;
            c.asDoubleBuffer().get(a, filled, n);
            filled += n;
        }

        VoxelData data() {
            return new VoxelData.Float64(a);
        }
    }
}
