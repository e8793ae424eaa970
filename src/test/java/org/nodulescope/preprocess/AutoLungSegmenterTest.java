package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.Difficulty;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class AutoLungSegmenterTest {

    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"3, NORMAL", "4, HARD", "5, EASY"})
    void findsThePhantomsLungs(long seed, Difficulty difficulty) throws LungsNotFoundException {
        PhantomConfig config = PhantomConfig.builder().optSizePx(160).optSliceCount(60)
                .optDifficulty(difficulty).build();
        PhantomScan scan = ChestPhantom.generate(config, seed, 0);
        VolumeMask truth = new VolumeMask(scan.ct().size(),
                LungLabels.lungMask(scan.lungLabels().data()));
        AutoLungSegmenter.Result r = new AutoLungSegmenter().segment(scan.ct());
        double dice = r.lungs().dice(truth);
        assertTrue(dice >= 0.95, "Dice " + dice);
        assertTrue(r.notes().get(0).startsWith("lungs segmented automatically"), r.notes().toString());
    }

    /**
     * A body with two lungs joined through a trachea and two bronchi (as real airways are), so
     * that the air forms one component; the trachea must be found and removed.
     */
    @Test
    void removesATracheaJoinedToTheLungs() throws LungsNotFoundException {
        GridSize size = new GridSize(96, 96, 60);
        short[] hu = new short[(int) size.voxelCount()];
        byte[] lungTruth = new byte[hu.length];
        byte[] tracheaTruth = new byte[hu.length];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        for (int z = 0; z < size.z(); z++) {
            for (int y = 0; y < size.y(); y++) {
                for (int x = 0; x < size.x(); x++) {
                    int i = size.index(x, y, z);
                    double bx = (x - 48) / 44.0;
                    double by = (y - 48) / 36.0;
                    double v = -1000;
                    if (bx * bx + by * by < 1) {
                        v = 40;
                        for (int side : new int[] {-1, 1}) {
                            double lx = (x - 48 - side * 20) / 14.0;
                            double ly = (y - 50) / 24.0;
                            double lz = (z - 24) / 20.0;
                            if (lx * lx + ly * ly + lz * lz < 1) {
                                v = -850;
                                lungTruth[i] = 1;
                            }
                        }
                        double tx = x - 48;
                        double ty = y - 40;
                        // trachea from the top down to z = 40, then bronchi out to each lung
                        boolean trachea = z >= 40 && tx * tx + ty * ty <= 9;
                        boolean bronchus = z >= 34 && z < 40 && Math.abs(ty) <= 2
                                && Math.abs(Math.abs(tx) - (40 - z) * 2.2) <= 2.5;
                        if ((trachea || bronchus) && lungTruth[i] == 0) {
                            v = -1000;
                            tracheaTruth[i] = 1;
                        }
                    }
                    hu[i] = (short) Math.round(v + rng.nextGaussian() * 15);
                }
            }
        }
        Volume ct = Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(3, 3, 3), Direction.identity()), hu);
        AutoLungSegmenter.Result r = new AutoLungSegmenter().segment(ct);
        double dice = r.lungs().dice(new VolumeMask(size, lungTruth));
        assertTrue(dice >= 0.95, "Dice " + dice + " " + r.notes());
        long tracheaLeft = 0;
        long trachea = 0;
        for (int i = 0; i < hu.length; i++) {
            if (tracheaTruth[i] != 0) {
                trachea++;
                if (r.lungs().voxels()[i] != 0) {
                    tracheaLeft++;
                }
            }
        }
        assertTrue(tracheaLeft < 0.2 * trachea, tracheaLeft + " of " + trachea
                + " trachea voxels left in the lungs; " + r.notes());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("trachea and bronchi removed")),
                r.notes().toString());
    }

    @Test
    void reportsWhenThereAreNoLungs() {
        GridSize size = new GridSize(40, 40, 10);
        short[] solid = new short[(int) size.voxelCount()];
        java.util.Arrays.fill(solid, (short) 40);
        VoxelGeometry g = new VoxelGeometry(new WorldPoint(0, 0, 0), new Spacing(1, 1, 1),
                Direction.identity());
        LungsNotFoundException e = assertThrows(LungsNotFoundException.class,
                () -> new AutoLungSegmenter().segment(Volume.ofShorts(size, g, solid)));
        assertTrue(e.getMessage().contains("no air-filled region of lung size"), e.getMessage());
        short[] air = new short[(int) size.voxelCount()];
        java.util.Arrays.fill(air, (short) -1000);
        assertThrows(LungsNotFoundException.class,
                () -> new AutoLungSegmenter().segment(Volume.ofShorts(size, g, air)));
    }
}
