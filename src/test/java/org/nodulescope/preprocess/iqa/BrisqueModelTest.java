package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;

/** Loading a model from a folder; uses small hand-made model files, not the LIVE model. */
class BrisqueModelTest {

    /** Two support vectors in two dimensions, written as cv::FileStorage writes an SVM. */
    private static final String TINY_MODEL = """
            %YAML:1.0
            ---
            opencv_ml_svm:
               format: 3
               svmType: EPS_SVR
               kernel:
                  type: RBF
                  gamma: 5.0000000000000000e-01
               C: 1024.
               p: 1.0000000000000001e-01
               term_criteria: { epsilon:1.0000000000000000e-03 }
               var_count: 2
               sv_total: 2
               support_vectors:
                  - [ 0., 0. ]
                  - [ 1.,
                      1. ]
               decision_functions:
                  -
                     sv_count: 2
                     rho: 5.0000000000000000e-01
                     alpha: [ 2., -1. ]
            """;

    private static final String TINY_RANGE = """
            %YAML:1.0
            ---
            range: !!opencv-matrix
               rows: 2
               cols: 2
               dt: f
               data: [ 0., 0., 2.,
                   2. ]
            """;

    @TempDir
    Path dir;

    @Test
    void missingFilesAreNamedWithWhatToDo() {
        DataFileException e = assertThrows(DataFileException.class, () -> BrisqueModel.load(dir));
        assertEquals(dir.resolve(BrisqueModel.MODEL_FILE), e.file());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains(BrisqueModel.RANGE_FILE), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void missingRangeFileIsNamed() throws Exception {
        Files.writeString(dir.resolve(BrisqueModel.MODEL_FILE), TINY_MODEL);
        DataFileException e = assertThrows(DataFileException.class, () -> BrisqueModel.load(dir));
        assertEquals(dir.resolve(BrisqueModel.RANGE_FILE), e.file());
    }

    @Test
    void tinyModelPredictsWhatTheFormulaGives() throws Exception {
        Files.writeString(dir.resolve(BrisqueModel.MODEL_FILE), TINY_MODEL);
        Files.writeString(dir.resolve(BrisqueModel.RANGE_FILE), TINY_RANGE);
        BrisqueModel model = BrisqueModel.load(dir);
        assertEquals(2, model.supportVectorCount());
        // Features (1, 2) scale to (0, 1); both support vectors lie at squared distance 1, so
        // f = 2 e^-0.5 - e^-0.5 - 0.5 = e^-0.5 - 0.5.
        double expected = Math.exp(-0.5) - 0.5;
        assertEquals(expected, new Brisque(model).scoreOf(new float[] {1f, 2f}), 1e-6);
        // Far from both vectors the kernel vanishes and -rho < 0 is clamped to 0.
        assertEquals(0.0, new Brisque(model).scoreOf(new float[] {40f, -40f}));
    }

    @Test
    void wrongModelKindIsReported() throws Exception {
        Files.writeString(dir.resolve(BrisqueModel.MODEL_FILE), TINY_MODEL.replace("EPS_SVR", "C_SVC"));
        Files.writeString(dir.resolve(BrisqueModel.RANGE_FILE), TINY_RANGE);
        DataFileException e = assertThrows(DataFileException.class, () -> BrisqueModel.load(dir));
        assertTrue(e.getMessage().contains("C_SVC"), e.getMessage());
    }

    @Test
    void malformedYamlGivesFileAndLine() throws Exception {
        Files.writeString(dir.resolve(BrisqueModel.MODEL_FILE),
                TINY_MODEL.replace("alpha: [ 2., -1. ]", "alpha: [ 2., -1."));
        Files.writeString(dir.resolve(BrisqueModel.RANGE_FILE), TINY_RANGE);
        DataFileException e = assertThrows(DataFileException.class, () -> BrisqueModel.load(dir));
        assertEquals(dir.resolve(BrisqueModel.MODEL_FILE), e.file());
        assertTrue(e.line().isPresent(), e.getMessage());
    }

    @Test
    void rangeOfTheWrongLengthIsReported() throws Exception {
        Files.writeString(dir.resolve(BrisqueModel.MODEL_FILE), TINY_MODEL);
        Files.writeString(dir.resolve(BrisqueModel.RANGE_FILE),
                TINY_RANGE.replace("cols: 2", "cols: 1").replace("data: [ 0., 0., 2.,\n       2. ]",
                        "data: [ 0., 2. ]"));
        DataFileException e = assertThrows(DataFileException.class, () -> BrisqueModel.load(dir));
        assertEquals(dir.resolve(BrisqueModel.RANGE_FILE), e.file());
        assertTrue(e.getMessage().contains("1 features"), e.getMessage());
    }
}
