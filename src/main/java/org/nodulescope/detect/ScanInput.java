package org.nodulescope.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.DicomSeriesInfo;
import org.nodulescope.io.DicomSeriesReader;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.ScanReader;
import org.nodulescope.volume.Volume;

/**
 * A scan to run detection on: its voxels, its series UID (the key of every LUNA16 table) and,
 * when it came from disk, where (detection looks for a LUNA16 lung mask upward from there).
 *
 * @param ct the CT in Hounsfield units
 * @param seriesUid a MetaImage's file name without extension, a DICOM series' SeriesInstanceUID
 * @param source the {@code .mhd}/{@code .mha} file or DICOM folder, when there is one
 * @param readSeconds how long reading it took (0 for a scan made in memory), for the timings
 */
public record ScanInput(Volume ct, String seriesUid, Optional<Path> source, double readSeconds) {

    public ScanInput {
        Objects.requireNonNull(ct, "ct");
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(source, "source");
        if (seriesUid.isBlank()) {
            throw new IllegalArgumentException("a scan needs a series UID");
        }
    }

    /**
     * A scan already in memory, e.g. opened by the viewer.
     *
     * @param source where it was read from (the LUNA16 lung mask is looked for upward from
     *     there), or null
     */
    public static ScanInput of(Volume ct, String seriesUid, Path source) {
        return new ScanInput(ct, seriesUid, Optional.ofNullable(source), 0);
    }

    /**
     * Reads a MetaImage file or the only series of a DICOM folder.
     *
     * @param path a {@code .mhd}/{@code .mha} file or a folder holding one DICOM series
     * @return the scan
     * @throws IOException naming the file and what is wrong, also when a folder holds several
     *     series (read them with {@link #readDicomSeries})
     */
    public static ScanInput read(Path path) throws IOException {
        long start = System.nanoTime();
        if (Files.isDirectory(path)) {
            List<DicomSeriesInfo> series = new DicomSeriesReader().listSeries(path);
            if (series.size() == 1) {
                return readDicomSeries(path, series.get(0).seriesUid());
            }
            // none or several: the reader's message says which
            ScanReader.read(path, Optional.empty());
            throw new DataFileException(path, "holds no single DICOM series");
        }
        Volume ct = ScanReader.read(path, Optional.empty());
        return new ScanInput(ct, LunaDataset.seriesUid(path), Optional.of(path),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Reads one series of a DICOM folder.
     *
     * @param folder the folder
     * @param seriesUid its SeriesInstanceUID
     * @return the scan
     * @throws IOException naming the folder and what is wrong
     */
    public static ScanInput readDicomSeries(Path folder, String seriesUid) throws IOException {
        long start = System.nanoTime();
        Volume ct = ScanReader.read(folder, Optional.of(seriesUid));
        return new ScanInput(ct, seriesUid, Optional.of(folder),
                (System.nanoTime() - start) / 1e9);
    }
}
