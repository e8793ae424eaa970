package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;

class DatasetSurveyTest {

    @TempDir
    Path dir;

    @Test
    void thePlanFromHeadersGivesTheCountsThatPreprocessingThenReports() throws IOException {
        Path luna = dir.resolve("luna");
        PhantomDataset.write(luna, PhantomConfig.builder().optSizePx(96).optSliceCount(40)
                .optNodulesPerScan(1, 3).optNoduleFreeFraction(0.3).build(), 8, 9, i -> { });
        DatasetPreprocessor.Settings settings = new DatasetPreprocessor.Settings(5, true, 4, 0.3,
                3, 1, 3);
        DatasetSurvey planned = DatasetSurvey.of(luna, settings);
        assertEquals(DatasetSurvey.Kind.LUNA16, planned.kind());
        assertEquals(9, planned.scans());

        DatasetPreprocessor.Report report = new DatasetPreprocessor(settings).run(luna,
                dir.resolve("out"), new DatasetListener() { });
        assertTrue(report.failures().isEmpty(), report.failures().toString());
        assertEquals(report.training(), planned.training());
        assertEquals(report.validation(), planned.validation());

        DatasetSurvey done = DatasetSurvey.of(dir.resolve("out"), settings);
        assertEquals(DatasetSurvey.Kind.PREPROCESSED, done.kind());
        assertEquals(report.training(), done.training());
        assertEquals(report.validation(), done.validation());
        assertEquals(5, done.slices());
    }

    @Test
    void aFolderThatIsNeitherSaysWhatWasLookedFor() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(empty.resolve("holiday.jpg"), "not a scan");
        DataFileException e = assertThrows(DataFileException.class,
                () -> DatasetSurvey.of(empty, DatasetPreprocessor.Settings.paper(1)));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("subset"),
                e.getMessage());
    }
}
