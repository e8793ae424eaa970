package org.nodulescope.preprocess;

import java.util.Arrays;
import java.util.List;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;

/**
 * Step (3) of {@link AutoLungSegmenter}: the trachea and main bronchi, grown from a midline
 * seed near the apex through near-pure air and taken out of the lung mask. The growth starts at
 * the airway threshold and, when it explodes past the largest airway volume (a leak into the
 * parenchyma), retries at a lower one; it gives up rather than eat lung.
 */
final class AirwayRemover {

    /** Rims added after the smoothed growth: the 3x3 mean misses up to two voxels on coarse grids. */
    private static final int AIRWAY_RIM_VOXELS = 2;

    private final int airwayThresholdHu;
    private final double maxAirwayVolumeMl;

    /**
     * @param airwayThresholdHu the first threshold of the smoothed HU that counts as airway
     * @param maxAirwayVolumeMl the largest growth taken for airways rather than a leak
     */
    AirwayRemover(int airwayThresholdHu, double maxAirwayVolumeMl) {
        this.airwayThresholdHu = airwayThresholdHu;
        this.maxAirwayVolumeMl = maxAirwayVolumeMl;
    }

    /**
     * Grows the trachea and main bronchi from a midline seed near the apex and removes them from
     * {@code mask}, recording them in {@code airway}.
     */
    void remove(short[] hu, byte[] mask, byte[] airway, Volume ct, List<String> notes) {
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
        long maxVoxels = (long) (maxAirwayVolumeMl / voxelMl);
        for (int threshold = airwayThresholdHu; threshold >= -1000; threshold -= 20) {
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
            Arrays.fill(airway, (byte) 0);
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
            Arrays.fill(seen, (byte) 0);
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
}
