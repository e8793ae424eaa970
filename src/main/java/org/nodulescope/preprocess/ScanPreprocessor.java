package org.nodulescope.preprocess;

import java.util.Objects;
import java.util.stream.IntStream;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelData;

/**
 * The paper's per-slice chain (SPEC §2 steps 1-3): HU window to [0, 1], 8-bit levels, CLAHE
 * (optional, the Table 9 switch), then the lung mask (non-lung = 0). Slices come out as unsigned
 * 8-bit levels; the network reads {@code level / 255}.
 *
 * <p>Without CLAHE the windowed image is still quantised to 8 bits (1400 HU over 255 levels, about
 * 5.5 HU a level, below CT noise), so both variants are stored and fed the same way.
 */
public final class ScanPreprocessor {

    private final HuWindow window;
    private final ClaheFilter clahe;

    /** @param clahe the filter, or null to switch CLAHE off */
    public ScanPreprocessor(HuWindow window, ClaheFilter clahe) {
        this.window = Objects.requireNonNull(window, "window");
        this.clahe = clahe;
    }

    public static ScanPreprocessor paper(boolean withClahe) {
        return new ScanPreprocessor(HuWindow.PAPER, withClahe ? ClaheFilter.withDefaults() : null);
    }

    public boolean claheEnabled() {
        return clahe != null;
    }

    /** Per-thread buffers, so that a loop over slices allocates nothing. */
    public final class Workspace {
        private float[] unit = new float[0];
        private byte[] levels = new byte[0];
        private final ClaheFilter.Workspace claheWorkspace =
                clahe == null ? null : clahe.newWorkspace();

        private void ensure(int area) {
            if (unit.length != area) {
                unit = new float[area];
                levels = new byte[area];
            }
        }
    }

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** Slice {@code z} prepared into a new array of {@code width * height} levels. */
    public byte[] slice(Volume ct, VolumeMask lungs, int z, Workspace ws) {
        GridSize size = ct.size();
        if (lungs != null && !lungs.size().equals(size)) {
            throw new IllegalArgumentException(
                    "Lung mask grid " + lungs.size() + " differs from the scan's " + size);
        }
        int area = size.sliceArea();
        ws.ensure(area);
        if (ct.data() instanceof VoxelData.Int16 s && !s.unsigned()) {
            window.toUnit(s.values(), z * area, ws.unit);
        } else {
            window.toUnit(ct.sliceAsFloats(z), ws.unit);
        }
        byte[] out = new byte[area];
        if (clahe != null) {
            HuWindow.toBytes(ws.unit, ws.levels);
            clahe.apply(ws.levels, size.x(), size.y(), out, ws.claheWorkspace);
        } else {
            HuWindow.toBytes(ws.unit, out);
        }
        if (lungs != null) {
            byte[] m = lungs.voxels();
            int base = z * area;
            for (int i = 0; i < area; i++) {
                if (m[base + i] == 0) {
                    out[i] = 0;
                }
            }
        }
        return out;
    }

    /** Every slice, on all cores. */
    public byte[][] allSlices(Volume ct, VolumeMask lungs) {
        byte[][] out = new byte[ct.size().z()][];
        ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(this::newWorkspace);
        IntStream.range(0, out.length).parallel()
                .forEach(z -> out[z] = slice(ct, lungs, z, workspaces.get()));
        return out;
    }
}
