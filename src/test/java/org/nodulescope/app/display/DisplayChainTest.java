package org.nodulescope.app.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class DisplayChainTest {

    private static final int N = 32;
    private static final int SLICES = 3;

    /** Noisy tissue around a "lung" square of [-950, -700] HU; one lung pixel at -2000 HU. */
    private static Volume ct() {
        GridSize size = new GridSize(N, N, SLICES);
        short[] hu = new short[(int) size.voxelCount()];
        Random r = new Random(7);
        for (int z = 0; z < SLICES; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    boolean lung = inLung(x, y);
                    hu[size.index(x, y, z)] = (short) (lung ? -950 + r.nextInt(250)
                            : -50 + r.nextInt(200));
                }
            }
        }
        hu[size.index(10, 10, 1)] = -2000;
        return Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(0.7, 0.7, 1.25), Direction.identity()), hu);
    }

    private static boolean inLung(int x, int y) {
        return x >= 8 && x < 24 && y >= 8 && y < 24;
    }

    private static VolumeMask lungs(GridSize size) {
        byte[] m = new byte[(int) size.voxelCount()];
        for (int z = 0; z < size.z(); z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    m[size.index(x, y, z)] = (byte) (inLung(x, y) ? 1 : 0);
                }
            }
        }
        return new VolumeMask(size, m);
    }

    private final Volume ct = ct();
    private final VolumeMask lungs = lungs(ct.size());
    private final DisplayChain chain = DisplayChain.forScan(ct);

    private ArgbSlice render(DisplaySettings s, int z) {
        RenderedSlice r = chain.render(new SliceRequest(ct, Optional.of(lungs), z, s));
        assertEquals(List.of(), r.skipped());
        return r.image();
    }

    private static int grey(int level) {
        return 0xFF000000 | level << 16 | level << 8 | level;
    }

    @Test
    void withoutToggleEveryPixelIsTheWindowedGreyLevel() {
        DisplaySettings s = DisplaySettings.initial();
        ArgbSlice img = render(s, 1);
        HuWindow w = s.window().toHuWindow();
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int expected = HuWindow.toByteLevel(w.toUnit((float) ct.value(x, y, 1)));
                assertEquals(grey(expected), img.argb(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void lightBlueBackgroundReplacesExactlyTheNonLungPixels() {
        DisplaySettings off = DisplaySettings.initial();
        DisplaySettings on = new DisplaySettings(off.window(), false, true,
                Background.LIGHT_BLUE);
        ArgbSlice plain = render(off, 1);
        ArgbSlice masked = render(on, 1);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                if (inLung(x, y)) {
                    assertEquals(plain.argb(x, y), masked.argb(x, y), "lung " + x + "," + y);
                } else {
                    assertEquals(0xFFADD8E6, masked.argb(x, y), "background " + x + "," + y);
                }
            }
        }
        // a black lung pixel (-2000 HU) stays black: the colour comes from the mask
        assertEquals(grey(0), render(new DisplaySettings(off.window(), false, true,
                Background.WHITE), 1).argb(10, 10));
    }

    @Test
    void blackBackgroundIsWhatTheNetworkIsFed() {
        DisplaySettings s = new DisplaySettings(WindowPreset.PAPER.window(), false, true,
                Background.BLACK);
        ArgbSlice img = render(s, 2);
        float[] expected = HuWindow.PAPER.sliceToUnit(ct, 2);
        LungMasker.apply(expected, lungs, 2);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(grey(HuWindow.toByteLevel(expected[i])), img.pixels()[i]);
        }
    }

    @Test
    void maskWithoutAKnownLungMaskChangesNothing() {
        DisplaySettings on = new DisplaySettings(WindowPreset.LUNG.window(), false, true,
                Background.LIGHT_BLUE);
        ArgbSlice noMask = chain.render(new SliceRequest(ct, Optional.empty(), 0, on)).image();
        assertArrayEquals(render(DisplaySettings.initial(), 0).pixels(), noMask.pixels());
    }

    @Test
    void claheIsTheOpenCvFilterOfTheWindowedSliceAndIsCached() {
        DisplaySettings s = new DisplaySettings(WindowPreset.LUNG.window(), true, false,
                Background.WHITE);
        ArgbSlice img = render(s, 0);
        HuWindow w = s.window().toHuWindow();
        byte[] levels = HuWindow.toBytes(w.sliceToUnit(ct, 0), new byte[N * N]);
        byte[] expected = ClaheFilter.withDefaults().apply(levels, N, N);
        int changed = 0;
        ArgbSlice plain = render(DisplaySettings.initial(), 0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(grey(expected[i] & 0xFF), img.pixels()[i]);
            if (img.pixels()[i] != plain.pixels()[i]) {
                changed++;
            }
        }
        assertTrue(changed > N * N / 4, "CLAHE changed only " + changed + " pixels");
    }

    @Test
    void aFailingStepIsSkippedAndReportedAndThePictureStays() {
        DisplayStep<UnitSlice, UnitSlice> broken = new DisplayStep<>() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean isActive(SliceRequest request) {
                return true;
            }

            @Override
            public UnitSlice apply(UnitSlice input, SliceRequest request) {
                throw new IllegalStateException("out of cheese");
            }

            @Override
            public UnitSlice skip(UnitSlice input, SliceRequest request) {
                return input;
            }
        };
        DisplayChain withBroken = new DisplayChain(new WindowLevelStep(),
                List.of(broken, new LungMaskStep()), new BackgroundStep());
        SliceRequest request = new SliceRequest(ct, Optional.of(lungs), 1,
                DisplaySettings.initial());
        RenderedSlice r = withBroken.render(request);
        assertEquals(List.of("broken skipped: out of cheese"), r.skipped());
        assertArrayEquals(render(DisplaySettings.initial(), 1).pixels(), r.image().pixels());
    }

    @Test
    void theCacheFillsInTheBackgroundAndStartsAgainForAnotherWindow() {
        ClaheSliceCache cache = new ClaheSliceCache(ct, ClaheFilter.withDefaults());
        HuWindow lung = WindowPreset.LUNG.window().toHuWindow();
        AtomicInteger reports = new AtomicInteger();
        cache.fill(lung, new TaskContext() {
            @Override
            public void progress(long done, long total, String unit) {
                assertEquals(SLICES, total);
                reports.incrementAndGet();
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        });
        assertEquals(SLICES, reports.get());
        assertEquals(SLICES, cache.cachedSlices(lung));
        assertSame(cache.levels(1, lung), cache.levels(1, lung));
        HuWindow bone = WindowPreset.BONE.window().toHuWindow();
        cache.levels(0, bone);
        assertEquals(1, cache.cachedSlices(bone));
        assertEquals(0, cache.cachedSlices(lung));
    }

    @Test
    void fillingStopsWhenCancelled() {
        ClaheSliceCache cache = new ClaheSliceCache(ct, ClaheFilter.withDefaults());
        HuWindow lung = WindowPreset.LUNG.window().toHuWindow();
        TaskContext cancelled = new TaskContext() {
            @Override
            public void progress(long done, long total, String unit) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        try {
            cache.fill(lung, cancelled);
        } catch (CancellationException expected) {
            assertEquals(0, cache.cachedSlices(lung));
            return;
        }
        throw new AssertionError("fill went on after cancellation");
    }
}
