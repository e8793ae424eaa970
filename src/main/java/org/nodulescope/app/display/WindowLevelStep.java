package org.nodulescope.app.display;

import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;

/**
 * Hounsfield units to [0, 1] through the display window ({@link HuWindow}, the preprocessing's
 * own arithmetic). Always active; if the window is unusable the paper's window stands in.
 */
public final class WindowLevelStep implements DisplayStep<Volume, UnitSlice> {

    @Override
    public String name() {
        return "window/level";
    }

    @Override
    public boolean isActive(SliceRequest request) {
        return true;
    }

    @Override
    public UnitSlice apply(Volume ct, SliceRequest request) {
        return window(ct, request.z(), request.settings().window().toHuWindow());
    }

    @Override
    public UnitSlice skip(Volume ct, SliceRequest request) {
        return window(ct, request.z(), HuWindow.PAPER);
    }

    static UnitSlice window(Volume ct, int z, HuWindow window) {
        GridSize size = ct.size();
        float[] out = new float[size.sliceArea()];
        if (ct.data() instanceof VoxelData.Int16 s && !s.unsigned()) {
            window.toUnit(s.values(), z * size.sliceArea(), out);
        } else {
            window.toUnit(ct.sliceAsFloats(z), out);
        }
        return new UnitSlice(size.x(), size.y(), out);
    }
}
