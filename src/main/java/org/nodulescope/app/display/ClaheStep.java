package org.nodulescope.app.display;

import java.util.Objects;
import org.nodulescope.preprocess.HuWindow;

/**
 * Slice-wise CLAHE of the windowed slice (SPEC §2 step 2, the OpenCV definition), from the
 * scan's {@link ClaheSliceCache}.
 */
public final class ClaheStep implements DisplayStep<UnitSlice, UnitSlice> {

    private final ClaheSliceCache cache;

    public ClaheStep(ClaheSliceCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public String name() {
        return "CLAHE";
    }

    @Override
    public boolean isActive(SliceRequest request) {
        return request.settings().clahe();
    }

    @Override
    public UnitSlice apply(UnitSlice input, SliceRequest request) {
        byte[] levels = cache.levels(request.z(), request.settings().window().toHuWindow());
        float[] out = HuWindow.fromBytes(levels, new float[levels.length]);
        return new UnitSlice(input.width(), input.height(), out);
    }

    @Override
    public UnitSlice skip(UnitSlice input, SliceRequest request) {
        return input;
    }
}
