package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.nodulescope.io.DicomFolderListing.SkipReason;
import org.nodulescope.io.DicomFolderListing.SkippedFile;

/**
 * The headers of the DICOM files directly inside one folder (not its sub-folders), grouped by
 * SeriesInstanceUID (0020,000E). Reads headers only, never pixels.
 *
 * @param fileCount number of regular files in the folder
 * @param series headers of image files by series UID, each list in file-name order
 * @param skipped files that are in no series, in file-name order
 * @param unreadable the errors of files that look like DICOM but cannot be read
 */
record DicomFolderContents(
        Path folder,
        int fileCount,
        Map<String, List<DicomFileHeader>> series,
        List<SkippedFile> skipped,
        List<DataFileException> unreadable) {

    private static final int MAX_LISTED = 10;

    static DicomFolderContents scan(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            throw new DataFileException(folder, "the folder does not exist; check the path");
        }
        if (!Files.isDirectory(folder)) {
            throw new DataFileException(folder, "is a file, not a folder; choose the folder that"
                    + " holds the series' DICOM files");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        Map<String, List<DicomFileHeader>> series = new TreeMap<>();
        List<SkippedFile> skipped = new ArrayList<>();
        List<DataFileException> unreadable = new ArrayList<>();
        for (Path file : files) {
            Optional<DicomFileHeader> header;
            try {
                header = DicomHeaderReader.read(file);
            } catch (DataFileException e) {
                unreadable.add(e);
                skipped.add(new SkippedFile(file, SkipReason.UNREADABLE, e.getMessage()));
                continue;
            }
            if (header.isEmpty()) {
                skipped.add(new SkippedFile(file, SkipReason.NOT_DICOM, file.getFileName()
                        + " is not a DICOM file (no DICM marker after the 128-byte preamble)"));
                continue;
            }
            DicomFileHeader h = header.get();
            Optional<String> uid = h.text(DicomTag.SERIES_INSTANCE_UID);
            if (!h.hasPixelData() || uid.isEmpty()) {
                skipped.add(new SkippedFile(file, SkipReason.NOT_AN_IMAGE, file.getFileName()
                        + " is a DICOM file without "
                        + (h.hasPixelData() ? "a " + DicomTag.SERIES_INSTANCE_UID : "pixel data")));
                continue;
            }
            series.computeIfAbsent(uid.get(), k -> new ArrayList<>()).add(h);
        }
        return new DicomFolderContents(folder, files.size(), series, skipped, unreadable);
    }

    DicomFolderListing listing() {
        List<DicomSeriesInfo> infos = new ArrayList<>();
        for (Map.Entry<String, List<DicomFileHeader>> e : series.entrySet()) {
            List<DicomFileHeader> files = e.getValue();
            DicomFileHeader first = files.get(0);
            String description = files.stream()
                    .map(h -> h.text(DicomTag.SERIES_DESCRIPTION))
                    .flatMap(Optional::stream).findFirst().orElse("");
            infos.add(new DicomSeriesInfo(e.getKey(), description,
                    first.text(DicomTag.MODALITY).orElse(""), files.size(),
                    intOrZero(first, DicomTag.ROWS), intOrZero(first, DicomTag.COLUMNS)));
        }
        return new DicomFolderListing(folder, infos, skipped);
    }

    /** The headers of the folder's only series. */
    List<DicomFileHeader> requireOnlySeries() throws DataFileException {
        requireReadableImages();
        if (series.size() > 1) {
            throw new DataFileException(folder, "the folder holds " + series.size()
                    + " series: " + seriesList() + "; choose one of them by its series UID");
        }
        return series.values().iterator().next();
    }

    /** The headers of the series with the given UID. */
    List<DicomFileHeader> requireSeries(String seriesUid) throws DataFileException {
        requireReadableImages();
        List<DicomFileHeader> files = series.get(seriesUid.trim());
        if (files == null) {
            throw new DataFileException(folder, "the folder has no series with UID " + seriesUid
                    + "; it holds " + seriesList() + ", so choose one of these UIDs");
        }
        return files;
    }

    private void requireReadableImages() throws DataFileException {
        if (fileCount == 0) {
            throw new DataFileException(folder, "the folder is empty; choose the folder that"
                    + " holds the series' DICOM files");
        }
        if (!unreadable.isEmpty()) {
            // We cannot tell which series such a file belongs to, so any series may be incomplete.
            throw unreadable.get(0);
        }
        if (series.isEmpty()) {
            long notDicom = skipped.stream().filter(s -> s.reason() == SkipReason.NOT_DICOM).count();
            throw new DataFileException(folder, "none of the " + fileCount + " files in the"
                    + " folder is a DICOM image (" + notDicom + " not DICOM, "
                    + (fileCount - notDicom) + " DICOM without an image; e.g. "
                    + skipped.get(0).detail() + "); choose the folder that holds the series'"
                    + " DICOM files");
        }
    }

    private String seriesList() {
        List<DicomSeriesInfo> infos = listing().series();
        String listed = infos.stream().limit(MAX_LISTED).map(DicomSeriesInfo::summary)
                .collect(Collectors.joining("; "));
        return infos.size() > MAX_LISTED ? listed + "; ..." : listed;
    }

    private static int intOrZero(DicomFileHeader h, DicomTag tag) {
        try {
            return h.integer(tag).orElse(0);
        } catch (DataFileException e) {
            return 0; // a listing shows what it can; reading the series reports the bad value
        }
    }
}
