package org.nodulescope.preprocess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * Sample files: a 2.5D stack as an 8-bit MetaImage of {@code width x height x channels} and its
 * target masks as an 8-bit label image of the centre slice (0 background, k for target k), both
 * zlib-compressed. Geometry is the scan's, so the files open in any MetaImage viewer at the right
 * place; a lung-masked stack compresses to a fraction of its 1.3 MB.
 */
public final class SampleStore {

    private SampleStore() {}

    public static void writeStack(Path file, byte[][] channels, Volume scan, int firstSlice)
            throws IOException {
        GridSize s = scan.size();
        int area = s.sliceArea();
        byte[] all = new byte[area * channels.length];
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(channels[c], 0, all, c * area, area);
        }
        Volume v = new Volume(new GridSize(s.x(), s.y(), channels.length),
                shifted(scan.geometry(), firstSlice), new VoxelData.Int8(all, true));
        MetaImageWriter.write(v, file, true);
    }

    public static void writeMask(Path file, List<SliceMask> masks, Volume scan, int slice)
            throws IOException {
        GridSize s = scan.size();
        byte[] labels = new byte[s.sliceArea()];
        for (int k = 0; k < masks.size(); k++) {
            SliceMask m = masks.get(k);
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    if (m.bits()[y * m.width() + x] != 0) {
                        labels[(m.y0() + y) * s.x() + m.x0() + x] = (byte) (k + 1);
                    }
                }
            }
        }
        Volume v = new Volume(new GridSize(s.x(), s.y(), 1), shifted(scan.geometry(), slice),
                new VoxelData.Int8(labels, true));
        MetaImageWriter.write(v, file, true);
    }

    /**
     * An 8-bit sample file read back: a stack's slices or a mask's labels.
     *
     * @param channels {@code [channel][y * width + x]}, unsigned levels (stacks) or target labels
     *     (masks, one channel)
     */
    public record Image(int width, int height, byte[][] channels) {}

    /** The stack as {@code [channel][y * width + x]} levels. */
    public static byte[][] readStack(Path file) throws IOException {
        return read(file).channels();
    }

    /**
     * A stack or a mask file with its size.
     *
     * @throws IOException if the file cannot be read or is not an 8-bit sample file
     */
    public static Image read(Path file) throws IOException {
        Volume v = MetaImageReader.read(file);
        if (!(v.data() instanceof VoxelData.Int8 b)) {
            throw new org.nodulescope.io.DataFileException(file,
                    "is not an 8-bit sample file; run preprocess again");
        }
        int area = v.size().sliceArea();
        byte[][] out = new byte[v.size().z()][area];
        for (int c = 0; c < out.length; c++) {
            System.arraycopy(b.values(), c * area, out[c], 0, area);
        }
        return new Image(v.size().x(), v.size().y(), out);
    }

    private static VoxelGeometry shifted(VoxelGeometry g, int slice) {
        WorldPoint origin = g.toWorld(new VoxelPoint(0, 0, slice));
        return new VoxelGeometry(origin, g.spacing(), g.direction());
    }
}
