package org.nodulescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.nodulescope.detect.ScanInput;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.DicomSeriesInfo;
import org.nodulescope.io.DicomSeriesReader;
import org.nodulescope.io.LunaDataset;

/**
 * What {@code detect}'s arguments name, as a list of scans: a {@code .mhd}/{@code .mha} file is
 * one scan; a folder in the LUNA16 layout (or holding {@code .mhd} files) is all of its scans; any
 * other folder is read as DICOM, every series in it a scan.
 */
final class DetectInputs {

    /** One scan to read: a MetaImage file, or one series of a DICOM folder. */
    record Source(Path path, String dicomSeries) {

        /** @return what the console and the report call it */
        String label() {
            return dicomSeries == null ? path.getFileName().toString()
                    : path.getFileName() + " series " + dicomSeries;
        }

        ScanInput read() throws IOException {
            return dicomSeries == null ? ScanInput.read(path)
                    : ScanInput.readDicomSeries(path, dicomSeries);
        }
    }

    private DetectInputs() {}

    /**
     * @param arguments files and folders as given
     * @return the scans, in argument order, each folder's in its own order
     * @throws IOException naming an argument that does not exist or holds no scan
     */
    static List<Source> expand(List<Path> arguments) throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path p : arguments) {
            if (!Files.exists(p)) {
                throw new DataFileException(p, "does not exist; give a .mhd file, a LUNA16 folder"
                        + " or a DICOM folder");
            }
            if (!Files.isDirectory(p)) {
                out.add(new Source(p, null));
            } else if (holdsMetaImages(p)) {
                LunaDataset.open(p).scans().forEach(s -> out.add(new Source(s, null)));
            } else {
                List<DicomSeriesInfo> series = new DicomSeriesReader().listSeries(p);
                if (series.isEmpty()) {
                    throw new DataFileException(p, "holds no scan: no .mhd files, no subset*/"
                            + " folders and no DICOM series");
                }
                series.forEach(s -> out.add(new Source(p, s.seriesUid())));
            }
        }
        return out;
    }

    private static boolean holdsMetaImages(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(e -> {
                String n = e.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".mhd") || n.endsWith(".mha")
                        || (Files.isDirectory(e) && n.startsWith("subset"));
            });
        }
    }
}
