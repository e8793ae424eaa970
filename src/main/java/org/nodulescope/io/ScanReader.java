package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.nodulescope.volume.Volume;

/**
 * Opens a scan from what a user points at: a MetaImage file ({@code .mhd}, {@code .mha}) or a
 * folder holding a DICOM series.
 */
public final class ScanReader {

    private ScanReader() {}

    /**
     * @param seriesUid the DICOM series to read when a folder holds several; ignored for files
     */
    public static Volume read(Path path, Optional<String> seriesUid) throws IOException {
        if (!Files.exists(path)) {
            throw new DataFileException(path, "does not exist; check the path");
        }
        if (Files.isDirectory(path)) {
            return seriesUid.isPresent()
                    ? new DicomSeriesReader().read(path, seriesUid.get())
                    : new DicomSeriesReader().read(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mhd") || name.endsWith(".mha")) {
            return MetaImageReader.read(path);
        }
        if (name.endsWith(".raw") || name.endsWith(".zraw")) {
            throw new DataFileException(path, "is the voxel data of a MetaImage; open its .mhd"
                    + " header instead");
        }
        throw new DataFileException(path, "is not a scan NoduleScope can open; give a .mhd or"
                + " .mha file, or the folder that holds a DICOM series");
    }
}
