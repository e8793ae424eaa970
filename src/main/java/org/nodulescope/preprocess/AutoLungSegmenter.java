package org.nodulescope.preprocess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * Finds the lungs of a CT that came without a lung mask.
 *
 * <p>Steps: (1) air is everything below {@link Settings#airThresholdHu}; on each slice the air
 * reachable from the image border is outside the body and dropped; (2) the remaining air is split
 * into 3D components and the largest ones of lung size are kept (both lungs, or one component when
 * the airways join them); (3) the trachea and main bronchi are grown from a midline seed near the
 * apex through near-pure air (smoothed HU below {@link Settings#airwayThresholdHu}) and removed,
 * with a guard that gives up rather than eat parenchyma when the growth explodes; (4) holes up to
 * {@link Settings#maxHoleAreaMm2} on each slice (vessels, nodules inside the lung) are filled.
 * Nodules touching the pleura are not holes and stay outside the mask, as in LUNA16's own masks.
 */
public final class AutoLungSegmenter {

    /** Tunable thresholds; {@link #defaults()} suits CT of adults. */
    public record Settings(int airThresholdHu, int airwayThresholdHu, double minLungVolumeMl,
            double secondLungFraction, double maxHoleAreaMm2, double maxAirwayVolumeMl) {

        public static Settings defaults() {
            return new Settings(-320, -950, 150, 0.15, 1200, 200);
        }
    }

    /** The lungs found, the airways removed from them, and what was done, for reports. */
    public record Result(VolumeMask lungs, VolumeMask airways, List<String> notes) {}

    private final Settings settings;

    public AutoLungSegmenter() {
        this(Settings.defaults());
    }

    public AutoLungSegmenter(Settings settings) {
        this.settings = settings;
    }

    public Result segment(Volume ct) throws LungsNotFoundException {
        GridSize size = ct.size();
        short[] hu = ct.toShorts();
        byte[] mask = new byte[hu.length];
        List<String> notes = new ArrayList<>();

        IntStream.range(0, size.z()).parallel().forEach(z -> insideAirOnSlice(hu, mask, size, z));
        double voxelMl = ct.geometry().spacing().voxelVolumeMm3() / 1000.0;
        keepLungComponents(mask, size, voxelMl, notes);

        byte[] airway = new byte[hu.length];
        new AirwayRemover(settings.airwayThresholdHu(), settings.maxAirwayVolumeMl())
                .remove(hu, mask, airway, ct, notes);

        double pixelAreaMm2 = ct.geometry().spacing().x() * ct.geometry().spacing().y();
        int maxHolePixels = (int) Math.max(1, settings.maxHoleAreaMm2() / pixelAreaMm2);
        IntStream.range(0, size.z()).parallel()
                .forEach(z -> fillHolesOnSlice(mask, airway, size, z, maxHolePixels));
        return new Result(new VolumeMask(size, mask), new VolumeMask(size, airway), notes);
    }

    /** Marks air not connected to the slice border with 1, everything else 0. */
    private void insideAirOnSlice(short[] hu, byte[] mask, GridSize size, int z) {
        int nx = size.x();
        int ny = size.y();
        int base = z * size.sliceArea();
        int threshold = settings.airThresholdHu();
        for (int i = 0; i < size.sliceArea(); i++) {
            mask[base + i] = (byte) (hu[base + i] < threshold ? 1 : 0);
        }
        IntQueue queue = QUEUES.get();
        queue.clear();
        for (int x = 0; x < nx; x++) {
            seedOutside(mask, base + x, queue);
            seedOutside(mask, base + (ny - 1) * nx + x, queue);
        }
        for (int y = 0; y < ny; y++) {
            seedOutside(mask, base + y * nx, queue);
            seedOutside(mask, base + y * nx + nx - 1, queue);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int local = i - base;
            int x = local % nx;
            int y = local / nx;
            if (x > 0) {
                seedOutside(mask, i - 1, queue);
            }
            if (x < nx - 1) {
                seedOutside(mask, i + 1, queue);
            }
            if (y > 0) {
                seedOutside(mask, i - nx, queue);
            }
            if (y < ny - 1) {
                seedOutside(mask, i + nx, queue);
            }
        }
    }

    private static void seedOutside(byte[] mask, int i, IntQueue queue) {
        if (mask[i] == 1) {
            mask[i] = 0;
            queue.add(i);
        }
    }

    private record Component(int seed, int voxels) {}

    /** Keeps the lung-sized 3D components of the inside air; the rest becomes 0. */
    private void keepLungComponents(byte[] mask, GridSize size, double voxelMl, List<String> notes)
            throws LungsNotFoundException {
        IntQueue queue = new IntQueue(1 << 20);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1) {
                int n = flood(mask, size, i, (byte) 1, (byte) 2, queue);
                components.add(new Component(i, n));
            }
        }
        components.sort(Comparator.comparingInt(Component::voxels).reversed());
        double largestMl = components.isEmpty() ? 0 : components.get(0).voxels() * voxelMl;
        if (largestMl < settings.minLungVolumeMl()) {
            throw new LungsNotFoundException(String.format(
                    "no air-filled region of lung size inside the body (largest %.0f ml, need at"
                            + " least %.0f ml)", largestMl, settings.minLungVolumeMl()));
        }
        int kept = 0;
        double keptMl = 0;
        for (Component c : components) {
            if (c.voxels() >= settings.secondLungFraction() * components.get(0).voxels()) {
                flood(mask, size, c.seed(), (byte) 2, (byte) 3, queue);
                kept++;
                keptMl += c.voxels() * voxelMl;
            }
        }
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) (mask[i] == 3 ? 1 : 0);
        }
        notes.add(String.format("lungs segmented automatically: %d air component(s), %.0f ml",
                kept, keptMl));
    }

    /** 6-connected flood fill from {@code seed} turning {@code from} into {@code to}. */
    private static int flood(byte[] mask, GridSize size, int seed, byte from, byte to,
            IntQueue queue) {
        int nx = size.x();
        int area = size.sliceArea();
        int nz = size.z();
        queue.clear();
        mask[seed] = to;
        queue.add(seed);
        int count = 0;
        while (!queue.isEmpty()) {
            int i = queue.poll();
            count++;
            int z = i / area;
            int local = i - z * area;
            int y = local / nx;
            int x = local - y * nx;
            if (x > 0 && mask[i - 1] == from) {
                mask[i - 1] = to;
                queue.add(i - 1);
            }
            if (x < nx - 1 && mask[i + 1] == from) {
                mask[i + 1] = to;
                queue.add(i + 1);
            }
            if (y > 0 && mask[i - nx] == from) {
                mask[i - nx] = to;
                queue.add(i - nx);
            }
            if (y < size.y() - 1 && mask[i + nx] == from) {
                mask[i + nx] = to;
                queue.add(i + nx);
            }
            if (z > 0 && mask[i - area] == from) {
                mask[i - area] = to;
                queue.add(i - area);
            }
            if (z < nz - 1 && mask[i + area] == from) {
                mask[i + area] = to;
                queue.add(i + area);
            }
        }
        return count;
    }

    /** Fills enclosed non-lung regions of at most {@code maxPixels} on one slice. */
    private static void fillHolesOnSlice(byte[] mask, byte[] airway, GridSize size, int z,
            int maxPixels) {
        int nx = size.x();
        int ny = size.y();
        int area = size.sliceArea();
        int base = z * area;
        // 0 = not lung and unvisited, 1 = lung, 2 = visited background
        byte[] state = STATES.get();
        if (state.length < area) {
            state = new byte[area];
            STATES.set(state);
        }
        boolean any = false;
        for (int p = 0; p < area; p++) {
            state[p] = mask[base + p];
            any |= state[p] != 0;
        }
        if (!any) {
            return;
        }
        IntQueue queue = QUEUES.get();
        for (int p = 0; p < area; p++) {
            if (state[p] != 0) {
                continue;
            }
            queue.clear();
            state[p] = 2;
            queue.add(p);
            boolean touchesBorder = false;
            boolean holdsAirway = false;
            while (!queue.isEmpty()) {
                int q = queue.poll();
                int x = q % nx;
                int y = q / nx;
                touchesBorder |= x == 0 || y == 0 || x == nx - 1 || y == ny - 1;
                holdsAirway |= airway[base + q] != 0;
                if (x > 0 && state[q - 1] == 0) {
                    state[q - 1] = 2;
                    queue.add(q - 1);
                }
                if (x < nx - 1 && state[q + 1] == 0) {
                    state[q + 1] = 2;
                    queue.add(q + 1);
                }
                if (y > 0 && state[q - nx] == 0) {
                    state[q - nx] = 2;
                    queue.add(q - nx);
                }
                if (y < ny - 1 && state[q + nx] == 0) {
                    state[q + nx] = 2;
                    queue.add(q + nx);
                }
            }
            if (!touchesBorder && !holdsAirway && queue.size() <= maxPixels) {
                for (int k = 0; k < queue.size(); k++) {
                    mask[base + queue.get(k)] = 1;
                }
            }
        }
    }

    private static final ThreadLocal<IntQueue> QUEUES =
            ThreadLocal.withInitial(() -> new IntQueue(1 << 16));
    private static final ThreadLocal<byte[]> STATES = ThreadLocal.withInitial(() -> new byte[0]);
}
