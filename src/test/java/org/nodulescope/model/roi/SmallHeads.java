package org.nodulescope.model.roi;

import java.util.List;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;

/** RoI heads small enough for edge-case and memory tests: 8 channels, width 32, 2 mask layers. */
final class SmallHeads {

    private SmallHeads() {}

    static RoiHeads create() {
        return RoiHeads.builder().setChannels(8)
                .setBoxConfig(new RoiHeadsConfig(7, 2, 32, 2, 512, 0.25, 0.5, 0.5,
                        List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 100))
                .setMaskConfig(new MaskHeadConfig(14, 2, 2, 8, 28, 0.5))
                .setAuxConfig(AuxHeadConfig.paper()).build();
    }
}
