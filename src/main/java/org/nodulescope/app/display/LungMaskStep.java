package org.nodulescope.app.display;

import org.nodulescope.preprocess.LungMasker;

/**
 * Non-lung pixels to 0, exactly as the network's input is masked ({@link LungMasker#apply}).
 * Lung pixels keep their value; the colour outside comes later from {@link BackgroundStep}.
 */
public final class LungMaskStep implements DisplayStep<UnitSlice, UnitSlice> {

    @Override
    public String name() {
        return "lung mask";
    }

    @Override
    public boolean isActive(SliceRequest request) {
        return request.masking();
    }

    @Override
    public UnitSlice apply(UnitSlice input, SliceRequest request) {
        float[] out = input.values().clone();
        LungMasker.apply(out, request.lungs().orElseThrow(), request.z());
        return new UnitSlice(input.width(), input.height(), out);
    }

    @Override
    public UnitSlice skip(UnitSlice input, SliceRequest request) {
        return input;
    }
}
