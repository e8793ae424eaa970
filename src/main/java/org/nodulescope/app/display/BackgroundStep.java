package org.nodulescope.app.display;

import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.volume.VolumeMask;

/**
 * [0, 1] to grey pixels, and, while the lung mask is on, the chosen background colour wherever
 * the mask says "not lung". The colour comes from the mask itself, not from the zeroed pixels:
 * a lung pixel that happens to be black stays black.
 */
public final class BackgroundStep implements DisplayStep<UnitSlice, ArgbSlice> {

    @Override
    public String name() {
        return "background";
    }

    @Override
    public boolean isActive(SliceRequest request) {
        return request.masking();
    }

    @Override
    public ArgbSlice apply(UnitSlice input, SliceRequest request) {
        VolumeMask mask = request.lungs().orElseThrow();
        int fill = request.settings().background().argb();
        float[] v = input.values();
        int[] out = new int[v.length];
        byte[] m = mask.voxels();
        int base = request.z() * v.length;
        for (int i = 0; i < v.length; i++) {
            out[i] = m[base + i] != 0 ? grey(v[i]) : fill;
        }
        return new ArgbSlice(input.width(), input.height(), out);
    }

    @Override
    public ArgbSlice skip(UnitSlice input, SliceRequest request) {
        float[] v = input.values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = grey(v[i]);
        }
        return new ArgbSlice(input.width(), input.height(), out);
    }

    /** The 8-bit level the network would see ({@link HuWindow#toByteLevel}) as an opaque grey. */
    static int grey(float unit) {
        int l = HuWindow.toByteLevel(unit);
        return 0xFF000000 | l << 16 | l << 8 | l;
    }
}
