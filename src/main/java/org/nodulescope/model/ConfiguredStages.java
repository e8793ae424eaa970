package org.nodulescope.model;

import java.util.List;
import org.nodulescope.model.backbone.BackboneWithFpn;
import org.nodulescope.model.backbone.NormLayer;
import org.nodulescope.model.backbone.ResNetDepth;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.config.AnchorConfig;
import org.nodulescope.model.config.BackboneConfig;
import org.nodulescope.model.config.RpnConfig;
import org.nodulescope.model.config.TopN;
import org.nodulescope.model.roi.RoiHeads;
import org.nodulescope.model.rpn.AnchorGenerator;
import org.nodulescope.model.rpn.RegionProposalNetwork;
import org.nodulescope.model.rpn.RpnHead;

/**
 * The stages of {@link MaskRcnn} built from a {@link MaskRcnnConfig}, each through its own
 * builder: where the configuration's numbers meet the blocks, once.
 */
final class ConfiguredStages {

    private ConfiguredStages() {
    }

    static BackboneWithFpn backbone(MaskRcnnConfig config) {
        BackboneConfig b = config.backbone();
        return BackboneWithFpn.builder()
                .optDepth(ResNetDepth.of(b.depth()))
                .optInputChannels(b.inputChannels())
                .optNormLayer(b.groupNorm() ? NormLayer.GROUP
                        : b.frozenBatchNorm() ? NormLayer.FROZEN : NormLayer.TRAINABLE)
                .optFpnChannels(b.fpnChannels())
                .build();
    }

    static RegionProposalNetwork rpn(MaskRcnnConfig config,
            BalancedPositiveNegativeSampler.Draw draw) {
        AnchorConfig a = config.anchors();
        float[][] sizes = new float[a.sizes().size()][];
        float[][] ratios = new float[a.sizes().size()][];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = toFloats(a.sizes().get(l).stream().map(Integer::doubleValue).toList());
            ratios[l] = toFloats(a.aspectRatios());
        }
        RpnConfig r = config.rpn();
        float[] w = toFloats(r.boxCoderWeights());
        return RegionProposalNetwork.builder()
                .setAnchorGenerator(AnchorGenerator.builder().setSizes(sizes)
                        .optAspectRatios(ratios).build())
                .setHead(RpnHead.builder().setChannels(config.backbone().fpnChannels())
                        .setAnchorsPerLocation(a.perLocation()).build())
                .optSampler(new BalancedPositiveNegativeSampler(r.batchSizePerImage(),
                        (float) r.positiveFraction(), draw))
                .optBoxCoder(new BoxCoder(w[0], w[1], w[2], w[3], BoxCoder.DEFAULT_SIZE_CLIP))
                .optMatcher(new Matcher((float) r.fgIouThreshold(), (float) r.bgIouThreshold(),
                        true))
                .optTrainingTopN(new TopN(r.preNmsTopNTrain(), r.postNmsTopNTrain()))
                .optTestingTopN(new TopN(r.preNmsTopNTest(), r.postNmsTopNTest()))
                .optNmsThreshold((float) r.nmsThreshold())
                .optScoreThreshold((float) r.scoreThreshold())
                .optMinSize((float) r.minSize())
                .build();
    }

    static RoiHeads roiHeads(MaskRcnnConfig config) {
        return RoiHeads.builder().setChannels(config.backbone().fpnChannels())
                .setBoxConfig(config.roiHeads()).setMaskConfig(config.maskHead())
                .setAuxConfig(config.aux()).build();
    }

    private static float[] toFloats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
