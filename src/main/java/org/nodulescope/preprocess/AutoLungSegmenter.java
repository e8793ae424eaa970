package org.nodulescope.preprocess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelGeometry;

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

    /** Rims added after the smoothed growth: the 3x3 mean misses up to two voxels on coarse grids. */
    private static final int AIRWAY_RIM_VOXELS = 2;

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
        removeAirways(hu, mask, airway, ct, notes);

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

    /**
     * Grows the trachea and main bronchi from a midline seed near the apex and removes them from
     * {@code mask}, recording them in {@code airway}.
     */
    private void removeAirways(short[] hu, byte[] mask, byte[] airway, Volume ct,
            List<String> notes) {
        GridSize size = ct.size();
        VoxelGeometry g = ct.geometry();
        double voxelMl = g.spacing().voxelVolumeMm3() / 1000.0;
        // Increasing slice index runs towards the head when the slice axis points to +z (LPS/RAS).
        boolean indexTowardsHead = g.direction().get(2, 2) > 0;
        int[] seed = findTracheaSeed(hu, mask, ct, indexTowardsHead);
        if (seed.length == 0) {
            notes.add("no trachea joined to the lungs near the apex; nothing removed as airway");
            return;
        }
        IntQueue queue = new IntQueue(1 << 16);
        long maxVoxels = (long) (settings.maxAirwayVolumeMl() / voxelMl);
        for (int threshold = settings.airwayThresholdHu(); threshold >= -1000; threshold -= 20) {
            int grown = growAirway(hu, mask, airway, size, seed, threshold, maxVoxels, queue);
            if (grown >= 0) {
                int frontier = 0;
                for (int rim = 0; rim < AIRWAY_RIM_VOXELS; rim++) {
                    int before = queue.size();
                    grown += addAirwayShell(hu, mask, airway, size, queue, frontier,
                            threshold + 50);
                    frontier = before;
                }
                for (int i = 0; i < queue.size(); i++) {
                    mask[queue.get(i)] = 0;
                }
                notes.add(String.format("trachea and bronchi removed: %.0f ml below %d HU",
                        grown * voxelMl, threshold));
                return;
            }
            java.util.Arrays.fill(airway, (byte) 0);
        }
        notes.add("airway growth leaked into the lungs at every threshold; airways left in the"
                + " lung mask");
    }

    /** Region growing; returns the voxel count, or -1 when it exceeded {@code maxVoxels}. */
    private static int growAirway(short[] hu, byte[] mask, byte[] airway, GridSize size,
            int[] seed, int threshold, long maxVoxels, IntQueue queue) {
        queue.clear();
        for (int s : seed) {
            if (airway[s] == 0) {
                airway[s] = 1;
                queue.add(s);
            }
        }
        int nx = size.x();
        int ny = size.y();
        int area = size.sliceArea();
        int nz = size.z();
        int[] offsets = {-1, 1, -nx, nx, -area, area};
        while (!queue.isEmpty()) {
            if (queue.size() > maxVoxels) {
                return -1;
            }
            int i = queue.poll();
            int z = i / area;
            int local = i - z * area;
            int y = local / nx;
            int x = local - y * nx;
            for (int k = 0; k < 6; k++) {
                boolean inside = switch (k) {
                    case 0 -> x > 0;
                    case 1 -> x < nx - 1;
                    case 2 -> y > 0;
                    case 3 -> y < ny - 1;
                    case 4 -> z > 0;
                    default -> z < nz - 1;
                };
                int j = i + offsets[k];
                if (inside && mask[j] != 0 && airway[j] == 0
                        && smoothedHu(hu, j, nx, ny, area) < threshold) {
                    airway[j] = 1;
                    queue.add(j);
                }
            }
        }
        return queue.size();
    }

    /**
     * Adds a one-voxel rim around the voxels {@code queue[from..]}: the 3x3 mean of a lumen voxel
     * near the airway wall includes wall tissue, so the rim the smoothed growth misses is taken
     * on its own HU instead. Appends the rim to {@code queue}'s list and returns its size.
     */
    private static int addAirwayShell(short[] hu, byte[] mask, byte[] airway, GridSize size,
            IntQueue queue, int from, int rawThreshold) {
        int nx = size.x();
        int ny = size.y();
        int area = size.sliceArea();
        int nz = size.z();
        int core = queue.size();
        int added = 0;
        for (int c = from; c < core; c++) {
            int i = queue.get(c);
            int z = i / area;
            int local = i - z * area;
            int y = local / nx;
            int x = local - y * nx;
            int[] nbs = {x > 0 ? i - 1 : -1, x < nx - 1 ? i + 1 : -1, y > 0 ? i - nx : -1,
                y < ny - 1 ? i + nx : -1, z > 0 ? i - area : -1, z < nz - 1 ? i + area : -1};
            for (int j : nbs) {
                if (j >= 0 && mask[j] != 0 && airway[j] == 0 && hu[j] < rawThreshold) {
                    airway[j] = 1;
                    queue.add(j);
                    added++;
                }
            }
        }
        return added;
    }

    /** Mean of the 3x3 in-plane neighbourhood: noise of 40 HU drops to about 13. */
    private static int smoothedHu(short[] hu, int i, int nx, int ny, int area) {
        int local = i % area;
        int y = local / nx;
        int x = local - y * nx;
        int sum = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= ny) {
                continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if (xx >= 0 && xx < nx) {
                    sum += hu[i + dy * nx + dx];
                    n++;
                }
            }
        }
        return sum / n;
    }

    /**
     * Voxels of the trachea on the most cranial slice where a small, dark, midline air region
     * exists, searched over the top 60 mm of the lung mask; empty when none is found.
     */
    private static int[] findTracheaSeed(short[] hu, byte[] mask, Volume ct,
            boolean indexTowardsHead) {
        GridSize size = ct.size();
        VoxelGeometry g = ct.geometry();
        int nx = size.x();
        int ny = size.y();
        int area = size.sliceArea();
        double pixelMm2 = g.spacing().x() * g.spacing().y();
        // Midline of the lungs: the mean x of all lung voxels.
        long sumX = 0;
        long count = 0;
        int firstZ = Integer.MAX_VALUE;
        int lastZ = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                sumX += (i % area) % nx;
                count++;
                int z = i / area;
                firstZ = Math.min(firstZ, z);
                lastZ = Math.max(lastZ, z);
            }
        }
        if (count == 0) {
            return new int[0];
        }
        double midX = (double) sumX / count;
        int searchSlices = (int) Math.ceil(60 / g.spacing().z());
        IntQueue queue = new IntQueue(4096);
        byte[] seen = new byte[area];
        for (int step = 0; step <= searchSlices; step++) {
            int z = indexTowardsHead ? lastZ - step : firstZ + step;
            if (z < firstZ || z > lastZ) {
                break;
            }
            java.util.Arrays.fill(seen, (byte) 0);
            int base = z * area;
            int[] best = null;
            double bestDistance = 25 / g.spacing().x();
            for (int p = 0; p < area; p++) {
                if (mask[base + p] == 0 || seen[p] != 0) {
                    continue;
                }
                // 2D component of this slice's lung mask.
                queue.clear();
                seen[p] = 1;
                queue.add(p);
                long sx = 0;
                long sHu = 0;
                while (!queue.isEmpty()) {
                    int q = queue.poll();
                    int x = q % nx;
                    int y = q / nx;
                    sx += x;
                    sHu += hu[base + q];
                    int[] nbs = {x > 0 ? q - 1 : -1, x < nx - 1 ? q + 1 : -1,
                        y > 0 ? q - nx : -1, y < ny - 1 ? q + nx : -1};
                    for (int nb : nbs) {
                        if (nb >= 0 && seen[nb] == 0 && mask[base + nb] != 0) {
                            seen[nb] = 1;
                            queue.add(nb);
                        }
                    }
                }
                int n = queue.size();
                double areaMm2 = n * pixelMm2;
                double meanHu = (double) sHu / n;
                double distance = Math.abs((double) sx / n - midX);
                if (areaMm2 >= 20 && areaMm2 <= 700 && meanHu < -900 && distance < bestDistance) {
                    bestDistance = distance;
                    best = new int[n];
                    for (int k = 0; k < n; k++) {
                        best[k] = base + queue.get(k);
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return new int[0];
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
