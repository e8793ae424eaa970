package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nodulescope.preprocess.Fixtures;

/**
 * BRISQUE against OpenCV 4.6 (fixtures/brisque/scores.csv), with the LIVE model that ships in the
 * program, so these tests run wherever the project builds: scores within 0.01, every feature
 * within 1e-3 relative (1e-3 absolute near zero). The images are CT-like slices, the phantom's
 * chest slice, a noisy slice, blurred noise and a ramp, each before and after CLAHE, with scores
 * from 10 to 79: none at OpenCV's clip of 100, where any error would hide.
 */
class BrisqueTest {

    private static Brisque brisque;

    /** One image of scores.csv: which CLAHE fixture file, OpenCV's score and features. */
    record Case(String name, String file, int width, int height, double score, float[] features) {
        byte[] levels() {
            Fixtures.Image image = Fixtures.clahe(name);
            return file.equals("in") ? image.input() : image.opencvClahe();
        }

        @Override
        public String toString() {
            return name + (file.equals("in") ? "" : " after CLAHE");
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (List<String> row : Fixtures.csv("brisque", "scores.csv")) {
            float[] features = new float[36];
            for (int i = 0; i < 36; i++) {
                features[i] = Float.parseFloat(row.get(5 + i));
            }
            cases.add(new Case(row.get(0), row.get(1), Integer.parseInt(row.get(2)),
                    Integer.parseInt(row.get(3)), Double.parseDouble(row.get(4)), features));
        }
        return cases;
    }

    @BeforeAll
    static void loadModel() {
        brisque = new Brisque(BrisqueModel.bundled());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoreMatchesOpenCv(Case c) {
        double score = brisque.score(c.levels(), c.width(), c.height());
        String report = String.format("%s: ours %.4f, OpenCV %.4f, error %.5f", c, score, c.score(),
                score - c.score());
        System.out.println("BRISQUE " + report);
        assertTrue(c.score() < 100, c + " is saturated at 100 and tests only the clip");
        assertEquals(c.score(), score, 0.01, report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void featuresMatchOpenCv(Case c) {
        float[] ours = BrisqueFeatures.of(c.levels(), c.width(), c.height());
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < ours.length; i++) {
            double e = Math.abs(ours[i] - c.features()[i]) / Math.max(1e-3, Math.abs(c.features()[i]));
            if (e > worst) {
                worst = e;
                worstAt = i;
            }
        }
        String report = String.format("%s: worst relative feature error %.2e at f%d (ours %s, OpenCV %s)",
                c, worst, worstAt + 1, worstAt < 0 ? "" : ours[worstAt],
                worstAt < 0 ? "" : c.features()[worstAt]);
        System.out.println("BRISQUE " + report);
        assertTrue(worst < 1e-3, report);
    }

    /** OpenCV scores a constant image 100 (checked with cv2 4.6: zeros and a flat 77 alike). */
    @Test
    void constantImageScoresAsOpenCvDoes() {
        byte[] flat = new byte[64 * 64];
        Arrays.fill(flat, (byte) 77);
        assertTrue(Float.isNaN(BrisqueFeatures.of(flat, 64, 64)[1]));
        assertEquals(100.0, brisque.score(flat, 64, 64));
        assertEquals(100.0, brisque.score(new byte[64 * 64], 64, 64));
    }

    @Test
    void theBundledModelIsTheLiveOne() {
        BrisqueModel live = BrisqueModel.bundled();
        assertEquals(774, live.supportVectorCount());
        assertEquals(36, live.svr().featureCount());
        assertTrue(live.source().contains("bundled"), live.source());
    }

    @Test
    void theSameFilesLoadFromAFolder(@TempDir Path dir) throws Exception {
        for (String name : List.of(BrisqueModel.MODEL_FILE, BrisqueModel.RANGE_FILE)) {
            try (var in = BrisqueModel.class.getResourceAsStream(BrisqueModel.BUNDLED_FOLDER + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Brisque fromFolder = new Brisque(BrisqueModel.load(dir));
        Case c = cases().get(0);
        assertEquals(brisque.score(c.levels(), c.width(), c.height()),
                fromFolder.score(c.levels(), c.width(), c.height()));
    }

    @Test
    void tooSmallImagesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> brisque.score(new byte[3], 3, 1));
        assertThrows(IllegalArgumentException.class, () -> brisque.score(new byte[5], 3, 2));
    }
}
