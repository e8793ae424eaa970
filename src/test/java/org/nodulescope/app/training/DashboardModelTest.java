package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nodulescope.io.DicomSeriesInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.CurrentThreadTaskExecutor;
import org.nodulescope.app.viewer.DialogService;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.AdamOptimizer;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.EpochRecord;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.Trainer;
import org.nodulescope.train.TrainingFixtures;
import org.nodulescope.train.TrainingListener;
import org.nodulescope.train.TrainingResult;
import org.nodulescope.train.TrainingSettings;
import org.nodulescope.train.ValidationSchedule;

class DashboardModelTest {

    /** Dialogs this test never opens. */
    private static final class NoDialogs implements DialogService {
        @Override
        public void showError(String title, String message) {
            throw new AssertionError(title + ": " + message);
        }

        @Override
        public Optional<String> chooseSeries(Path folder, List<DicomSeriesInfo> series) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseScanFile() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseDicomFolder() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseAnnotations() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseModelFolder() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseSaveFile(String title, String suggestedName,
                String extension) {
            return Optional.empty();
        }
    }

    @Test
    void aRunResumedInANewWindowShowsTheEpochsTrainedBeforeIt(@TempDir Path dir)
            throws IOException {
        Path samples = TrainingFixtures.preprocessed(dir, 5);
        Path out = dir.resolve("run");
        // an earlier session of the app trained one epoch and closed
        TrainingResult before = new Trainer(new TrainingSettings(samples, out,
                MaskRcnnConfig.tiny(), PhaseSchedule.parse("1,0,0"), 4,
                AdamOptimizer.Settings.of(1e-3, 0), 5, 9, ComputeDevice.Request.CPU, null, false,
                Augmentation.standard(), 2, RateSchedule.CONSTANT, 0,
                ValidationSchedule.EVERY_EPOCH), new TrainingListener() { }).run();
        assertEquals(TrainingResult.Status.COMPLETED, before.status(), before.message());

        CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
        ViewerModel viewer = new ViewerModel(executor, new NoDialogs(),
                new SettingsStore(dir.resolve("settings.json")));
        DashboardModel d = new DashboardModel(executor, Runnable::run, viewer.detection(),
                target -> { });
        // this window resumes it for a second epoch; the job runs on this thread
        d.start(new TrainingRequest(samples, DatasetSurvey.Kind.PREPROCESSED, samples, 0.25, 9,
                "tiny", null, ComputeDevice.Request.CPU, PhaseSchedule.parse("2,0,0"), 1e-3, 4,
                0.3, 5, out, true, TrainingOptions.paper()));

        assertEquals(DashboardModel.State.FINISHED, d.stateProperty().get(),
                d.outcomeProperty().get());
        assertEquals(List.of(1, 2), d.epochs().stream().map(EpochRecord::epoch).toList());
        assertEquals(before.history().get(0), d.epochs().get(0));
        assertEquals(List.of(1, 2), d.findings().epochs(), "both validations' findings");
        assertTrue(d.losses().stream().anyMatch(p -> p.epochs() == 0.5
                && p.name().equals("total")), "epoch 1's mean loss at its middle");
        assertTrue(d.log().stream().anyMatch(l -> l.startsWith("Epochs 1-1 were trained before"
                + " this window opened")), String.join("\n", d.log()));
    }
}
