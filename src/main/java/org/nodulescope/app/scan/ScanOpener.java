package org.nodulescope.app.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.DicomSeriesInfo;
import org.nodulescope.io.DicomSeriesReader;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.ScanReader;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.Volume;

/**
 * Opens what the user points at, through the same {@link ScanReader} as the command line, and
 * looks up its ground truth. The lung mask comes separately ({@link LungMaskLoader}): an
 * automatic segmentation takes seconds, and the first slice should not wait for it.
 */
public final class ScanOpener {

    /** The image series of a DICOM folder, listed from the headers. */
    public List<DicomSeriesInfo> listSeries(Path folder) throws IOException {
        List<DicomSeriesInfo> series = new DicomSeriesReader().listSeries(folder);
        if (series.isEmpty()) {
            throw new DataFileException(folder, "holds no DICOM image series; open a folder of"
                    + " DICOM slices, or a .mhd/.mha file");
        }
        return series;
    }

    /**
     * @param path a {@code .mhd}/{@code .mha} file or a DICOM folder
     * @param series the DICOM series to read; required for folders
     * @throws IOException one sentence naming the file and what is wrong
     * @throws CancellationException when the context was cancelled
     */
    public ScanSession open(Path path, Optional<String> series, TaskContext context)
            throws IOException {
        boolean folder = Files.isDirectory(path);
        if (folder && series.isEmpty()) {
            throw new IllegalArgumentException("A DICOM folder needs the series to open: " + path);
        }
        context.message("Reading " + path.getFileName());
        long t0 = System.nanoTime();
        Volume ct = ScanReader.read(path, folder ? series : Optional.empty());
        Duration read = Duration.ofNanos(System.nanoTime() - t0);
        if (context.isCancelled()) {
            throw new CancellationException("opening " + path + " was cancelled");
        }
        String uid = folder ? series.orElseThrow() : LunaDataset.seriesUid(path);
        context.message("Looking for annotations");
        AnnotationSet annotations = AnnotationLocator.find(path, uid);
        NoduleTargets.Result truth = NoduleTargets.compute(ct.size(), ct.geometry(),
                annotations.nodules());
        return new ScanSession(path.toAbsolutePath().normalize(), folder ? series
                : Optional.empty(), uid, ct, annotations, truth, read);
    }
}
