package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;

/**
 * Reads a CT series from a folder of single-frame DICOM files into a {@link Volume} in Hounsfield
 * units.
 *
 * <p>ImageJ decodes the pixels; NoduleScope reads the headers and owns the geometry: slices are
 * ordered by position along the slice normal (not by instance number), must share one orientation
 * and be evenly spaced, and are placed in the DICOM patient frame (LPS, millimetres). The volume is
 * indexed {@code [z][y][x]}: x = column, y = row, z = slice in ascending position along the normal;
 * its geometry has origin = ImagePositionPatient of slice 0, spacing = (column spacing, row
 * spacing, slice gap) and direction columns = (row cosine, column cosine, normal). Stored values
 * are converted to HU once, here, with each slice's own RescaleSlope and RescaleIntercept.
 *
 * <p>Only the files directly in the folder are considered; files that are not DICOM images are
 * skipped. Every problem is reported as a {@link DataFileException} naming the folder or file.
 */
public final class DicomSeriesReader {

    private final LongSupplier availableHeapBytes;

    public DicomSeriesReader() {
        this(DicomSeriesReader::freeHeapBytes);
    }

    /** For tests: {@code availableHeapBytes} says how much memory the voxels may take. */
    DicomSeriesReader(LongSupplier availableHeapBytes) {
        this.availableHeapBytes = Objects.requireNonNull(availableHeapBytes);
    }

    /**
     * Lists the image series in {@code folder} and the files skipped, from headers only.
     *
     * @throws DataFileException when the folder does not exist or is a file
     */
    public DicomFolderListing scan(Path folder) throws IOException {
        return DicomFolderContents.scan(folder).listing();
    }

    /**
     * The image series in {@code folder}, ordered by series UID; empty when it holds none.
     *
     * @throws DataFileException when the folder does not exist or is a file
     */
    public List<DicomSeriesInfo> listSeries(Path folder) throws IOException {
        return scan(folder).series();
    }

    /**
     * Reads the only series in {@code folder}.
     *
     * @throws DataFileException when the folder holds no DICOM image, several series (the message
     *     lists their UIDs), an unreadable DICOM file, or a series that cannot form a volume
     */
    public Volume read(Path folder) throws IOException {
        DicomFolderContents contents = DicomFolderContents.scan(folder);
        return assemble(folder, contents.requireOnlySeries());
    }

    /**
     * Reads the series with SeriesInstanceUID {@code seriesUid} from {@code folder}.
     *
     * @throws DataFileException when the folder has no such series (the message lists the UIDs it
     *     has), holds an unreadable DICOM file, or the series cannot form a volume
     */
    public Volume read(Path folder, String seriesUid) throws IOException {
        Objects.requireNonNull(seriesUid, "seriesUid");
        DicomFolderContents contents = DicomFolderContents.scan(folder);
        return assemble(folder, contents.requireSeries(seriesUid));
    }

    private Volume assemble(Path folder, List<DicomFileHeader> headers) throws DataFileException {
        List<DicomSlice> slices = new ArrayList<>(headers.size());
        for (DicomFileHeader h : headers) {
            DicomSlice slice = DicomSlice.of(h);
            DicomPixelDecoder.checkDecodable(slice);
            slices.add(slice);
        }
        DicomSliceStack stack = DicomSliceStack.arrange(folder, slices);
        GridSize size = stack.size();
        short[] hu = new short[checkFitsInMemory(folder, size)];
        int area = size.sliceArea();
        for (int k = 0; k < size.z(); k++) {
            DicomPixelDecoder.decodeInto(stack.slices().get(k), hu, k * area);
        }
        return Volume.ofShorts(size, stack.geometry(), hu);
    }

    /** Refuses, before allocating, a volume that Java or the heap cannot hold. */
    private int checkFitsInMemory(Path folder, GridSize size) throws DataFileException {
        long voxels = size.voxelCount();
        if (voxels > Integer.MAX_VALUE) {
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the series has %s voxels, more than one Java array can hold (%d);"
                            + " crop or downsample it before loading it into NoduleScope",
                    size, Integer.MAX_VALUE));
        }
        long bytes = voxels * Short.BYTES;
        long available = availableHeapBytes.getAsLong();
        if (bytes > available) {
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the series (%s voxels) needs %d MB of memory but only %d MB is free;"
                            + " close other scans or start NoduleScope with a larger -Xmx",
                    size, mebibytes(bytes), mebibytes(available)));
        }
        return (int) voxels;
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Heap the JVM can still give: its maximum minus what is in use now. */
    private static long freeHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
}
