package org.nodulescope.detect;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelData;

/** A small synthetic chest and lung masks cut down to a few slices, so that runs stay short. */
final class TestScans {

    static final int SIZE = 96;
    static final int SLICES = 40;

    private static PhantomScan scan;

    private TestScans() {}

    /** Scan 0 of seed 21: 96 x 96 x 40 with nodules. */
    static synchronized PhantomScan phantom() {
        if (scan == null) {
            scan = ChestPhantom.generate(PhantomConfig.builder().optSizePx(SIZE)
                    .optSliceCount(SLICES).optNodulesPerScan(2, 3).optNoduleFreeFraction(0)
                    .optThreads(2).build(), 21, 0);
        }
        return scan;
    }

    /**
     * The phantom's lungs (labels 3 and 4, or only 3 when {@code rightOnly}) on slices
     * {@code first..last}; nothing elsewhere.
     */
    static VolumeMask lungs(int first, int last, boolean rightOnly) {
        PhantomScan p = phantom();
        GridSize size = p.ct().size();
        byte[] labels = ((VoxelData.Int8) p.lungLabels().data()).values();
        byte[] out = new byte[labels.length];
        int area = size.sliceArea();
        for (int z = first; z <= last; z++) {
            for (int i = z * area; i < (z + 1) * area; i++) {
                out[i] = (byte) (labels[i] == 3 || (!rightOnly && labels[i] == 4) ? 1 : 0);
            }
        }
        return new VolumeMask(size, out);
    }

    /** The tiny configuration with its deterministic weights, in {@code manager}. */
    static MaskRcnn tinyModel(NDManager manager) {
        MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny());
        model.initialize(manager, DataType.FLOAT32);
        model.fillDeterministic();
        return model;
    }
}
