package org.nodulescope.model.rpn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.config.TopN;
import org.nodulescope.model.loss.DetectionLosses;

/**
 * Region proposal network, as torchvision 0.14's {@code RegionProposalNetwork}: an injected
 * {@link AnchorGenerator} and {@link RpnHead} (its only child, named {@code head}), the box coder
 * with weights (1, 1, 1, 1), and two entry points, {@link #proposals} (the boxes handed to the
 * RoI heads) and {@link #losses} (training, with ground truth).
 *
 * <p>As a DJL block its forward is the head's (2L maps, see {@link RpnHead}); use the entry
 * points, which also flatten, decode, filter and scope memory. {@link #train} gives proposals and
 * losses from one head pass, as torchvision's forward in training mode does.
 *
 * <p>Boxes everywhere are {@code (K, 4)} arrays in {@link org.nodulescope.model.box.Boxes}'
 * convention, in pixels of the padded input batch.
 *
 * <p>Layout of the flattened predictions ({@link Predictions}): anchors are numbered level by
 * level; within a level by row, then column, then anchor (torchvision's
 * {@code permute_and_flatten}), which is the order {@link AnchorGenerator#generate} uses.
 *
 * <p>Proposal filtering ({@code filter_proposals}, in {@link ProposalFilter}): per image and per
 * level, the {@code preNms} highest logits (all of them on a smaller level); their boxes decoded from the
 * deltas (no gradient), clipped to the image's own size, boxes narrower or lower than
 * {@code minSize} (1e-3) dropped, then those with sigmoid score below the score threshold (0);
 * NMS at 0.7 with each level its own group; the first {@code postNms} survivors by decreasing
 * score. The top-n numbers are data: {@link TopN} for training and for testing.
 *
 * <p>Losses ({@code assign_targets_to_anchors}, {@code compute_loss}, in {@link RpnLoss}): each anchor is matched to
 * the ground truth by IoU with {@link Matcher#forRpn()} (0.7 / 0.3, low-quality matches kept):
 * matched anchors are positive (1), below 0.3 negative (0), in between ignored (-1); an image
 * without ground truth has only negatives. The {@link BalancedPositiveNegativeSampler} draws
 * per image; over the whole batch, {@code loss_objectness} is the mean binary cross-entropy
 * with logits over the drawn anchors and {@code loss_rpn_box_reg} the smooth-L1 (beta 1/9; both
 * in {@link DetectionLosses}) between the positives' deltas and their encoded targets, summed and divided by the number of
 * drawn anchors (positives and negatives). The sampler's random source decides the draw: a
 * generator whose {@code nextInt} always answers 0 takes positives, then negatives, in
 * ascending anchor index order, which is the rule the parity fixtures impose on torchvision.
 *
 * <p>Where we may differ from torchvision: proposals are filtered on the host (a few thousand
 * boxes per image); equal logits in the per-level top-k are taken in index order, where torch's
 * topk leaves the order of ties unspecified; the sigmoid is evaluated in double and rounded to
 * float, so a score may differ from torch's float32 sigmoid in the last bit; NMS as
 * {@link Nms} documents (equal-score survivors stay in index order).
 */
public final class RegionProposalNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Names of the two losses, torchvision's keys. */
    public static final String LOSS_OBJECTNESS = "loss_objectness";
    public static final String LOSS_BOX_REG = "loss_rpn_box_reg";

    private final AnchorGenerator anchorGenerator;
    private final RpnHead head;
    private final RpnLoss loss;
    private final TopN trainingTopN;
    private final TopN testingTopN;
    private final ProposalFilter proposalFilter;

    /** One image's proposals: boxes {@code (K, 4)} and sigmoid scores {@code (K)}. */
    public record Proposals(NDArray boxes, NDArray scores) {
    }

    /**
     * The head's output flattened over levels, T anchors per image: objectness logits
     * {@code (N, T)}, deltas {@code (N, T, 4)}, the anchors {@code (T, 4)} and T per level.
     */
    public record Predictions(NDArray objectness, NDArray deltas, NDArray anchors,
            int[] anchorsPerLevel) {
    }

    private RegionProposalNetwork(Builder builder) {
        super(VERSION);
        this.anchorGenerator = builder.anchorGenerator;
        this.head = addChildBlock("head", builder.head);
        this.loss = new RpnLoss(builder.boxCoder, builder.matcher, builder.sampler);
        this.trainingTopN = builder.trainingTopN;
        this.testingTopN = builder.testingTopN;
        this.proposalFilter = new ProposalFilter(builder.boxCoder, builder.nmsThreshold,
                builder.scoreThreshold, builder.minSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The paper's RPN: its anchors (nine per location), a 256-channel head, 2000/2000 proposals
     * in training, 300/300 at inference; the sampler still has to be chosen.
     */
    public static Builder paper() {
        return builder().setAnchorGenerator(AnchorGenerator.paper())
                .setHead(RpnHead.builder().setChannels(256).setAnchorsPerLocation(9).build())
                .optTestingTopN(TopN.PAPER_TESTING);
    }

    /** torchvision's maskrcnn_resnet50_fpn RPN: three anchors per location, 1000/1000 at test. */
    public static Builder torchvisionDefault() {
        return builder().setAnchorGenerator(AnchorGenerator.torchvisionDefault())
                .setHead(RpnHead.builder().setChannels(256).setAnchorsPerLocation(3).build())
                .optTestingTopN(TopN.TORCHVISION_TESTING);
    }

    public RpnHead head() {
        return head;
    }

    public AnchorGenerator anchorGenerator() {
        return anchorGenerator;
    }

    /** @param training true for the training numbers */
    public TopN topN(boolean training) {
        return training ? trainingTopN : testingTopN;
    }

    /**
     * Runs the head and flattens its output (see the class comment for the layout). The arrays
     * land in the features' manager and keep their gradient.
     *
     * @param features L maps {@code (N, C, H_l, W_l)}, finest first
     * @param images the batch's sizes; N must equal {@code images.count()}
     * @param training passed to the head's forward
     */
    public Predictions predict(ParameterStore parameterStore, NDList features, ImageSizes images,
            boolean training) {
        checkFeatures(features, images);
        NDList maps = forward(parameterStore, features, training);
        int levels = features.size();
        long n = images.count();
        int perLocation = head.anchorsPerLocation();
        NDList logits = new NDList(levels);
        NDList deltas = new NDList(levels);
        List<int[]> grids = new ArrayList<>(levels);
        int[] perLevel = new int[levels];
        for (int l = 0; l < levels; l++) {
            Shape s = features.get(l).getShape();
            int h = Math.toIntExact(s.get(2));
            int w = Math.toIntExact(s.get(3));
            grids.add(new int[] {h, w});
            perLevel[l] = h * w * perLocation;
            // (N, A, H, W) -> (N, H, W, A): row, column, anchor
            logits.add(maps.get(l).transpose(0, 2, 3, 1).reshape(n, -1));
            // (N, 4A, H, W) -> (N, A, 4, H, W) -> (N, H, W, A, 4)
            deltas.add(maps.get(levels + l).reshape(n, perLocation, 4, h, w)
                    .transpose(0, 3, 4, 1, 2).reshape(n, -1, 4));
        }
        NDArray anchors = anchorGenerator.generate(features.head().getManager(),
                images.paddedHeight(), images.paddedWidth(), grids);
        return new Predictions(NDArrays.concat(logits, 1), NDArrays.concat(deltas, 1), anchors,
                perLevel);
    }

    /**
     * The proposals of every image, without gradient. Intermediate arrays live in a sub-manager
     * that is closed before returning; only the results are added to the features' manager.
     *
     * @param features L maps {@code (N, C, H_l, W_l)}, finest first
     * @param images the batch's sizes
     * @param training selects the training or the testing {@link TopN}
     * @return per image at most {@code postNms} proposals, by decreasing score
     */
    public List<Proposals> proposals(ParameterStore parameterStore, NDList features,
            ImageSizes images, boolean training) {
        NDManager caller = features.head().getManager();
        try (NDManager scope = caller.newSubManager()) {
            // Borrow the inputs so that every array derived from them lands in the scope.
            scope.tempAttachAll(features);
            Predictions p = predict(parameterStore, features, images, training);
            return proposalFilter.apply(caller, p, images, topN(training));
        }
    }

    /**
     * The training losses, without proposals; see {@link #train} for both from one head pass.
     * Intermediates live in a sub-manager; the two scalars, which carry the gradient to the head
     * and the features, are added to the features' manager. Each call advances the sampler's
     * random source.
     *
     * @param features L maps {@code (N, C, H_l, W_l)}, finest first
     * @param images the batch's sizes
     * @param groundTruth per image the boxes {@code (G, 4)}, G may be 0
     * @return {@code loss_objectness} and {@code loss_rpn_box_reg}, float32 scalars, in that
     *     order
     */
    public Map<String, NDArray> losses(ParameterStore parameterStore, NDList features,
            ImageSizes images, List<NDArray> groundTruth) {
        return train(parameterStore, features, images, groundTruth, false).losses();
    }

    /**
     * What a training step needs from the RPN: the proposals under the training {@link TopN}
     * (without gradient) and the losses, from one pass of the head.
     *
     * @param proposals per image, by decreasing score, without gradient
     * @param losses {@code loss_objectness} and {@code loss_rpn_box_reg}
     */
    public record TrainingOutput(List<Proposals> proposals, Map<String, NDArray> losses) {
    }

    /**
     * Proposals (training top-n) and losses from one head pass, as torchvision's forward in
     * training mode. Memory as for {@link #losses}.
     *
     * @param features L maps {@code (N, C, H_l, W_l)}, finest first
     * @param images the batch's sizes
     * @param groundTruth per image the boxes {@code (G, 4)}, G may be 0
     */
    public TrainingOutput train(ParameterStore parameterStore, NDList features, ImageSizes images,
            List<NDArray> groundTruth) {
        return train(parameterStore, features, images, groundTruth, true);
    }

    private TrainingOutput train(ParameterStore parameterStore, NDList features,
            ImageSizes images, List<NDArray> groundTruth, boolean withProposals) {
        if (groundTruth.size() != images.count()) {
            throw new IllegalArgumentException("RPN losses need ground truth for each of the "
                    + images.count() + " images, got " + groundTruth.size() + ".");
        }
        for (NDArray gt : groundTruth) {
            if (gt.getShape().dimension() != 2 || gt.getShape().get(1) != 4) {
                throw new IllegalArgumentException("Ground-truth boxes must be (G, 4), got shape "
                        + gt.getShape() + ".");
            }
        }
        NDManager caller = features.head().getManager();
        try (NDManager scope = caller.newSubManager()) {
            scope.tempAttachAll(features);
            scope.tempAttachAll(groundTruth.toArray(new NDArray[0]));
            Predictions p = predict(parameterStore, features, images, true);
            List<Proposals> proposals = withProposals
                    ? proposalFilter.apply(caller, p, images, trainingTopN) : List.of();
            Map<String, NDArray> losses = loss.compute(scope, p, images, groundTruth);
            losses.values().forEach(loss -> loss.attach(caller));
            return new TrainingOutput(proposals, losses);
        }
    }

    private void checkFeatures(NDList features, ImageSizes images) {
        if (features.size() != anchorGenerator.levelCount()) {
            throw new IllegalArgumentException("RegionProposalNetwork has "
                    + anchorGenerator.levelCount() + " anchor levels but was given "
                    + features.size() + " feature maps.");
        }
        for (int l = 0; l < features.size(); l++) {
            Shape s = features.get(l).getShape();
            if (s.dimension() != 4 || s.get(0) != images.count()) {
                throw new IllegalArgumentException("Feature map " + l + " must be (" + images.count()
                        + ", C, H, W) for " + images.count() + " images, got shape " + s + ".");
            }
            if (anchorGenerator.anchorsPerLocation(l) != head.anchorsPerLocation()) {
                throw new IllegalArgumentException("Anchor level " + l + " has "
                        + anchorGenerator.anchorsPerLocation(l) + " anchors per location but the "
                        + "head predicts " + head.anchorsPerLocation() + ".");
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return head.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        head.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(inputShapes);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("RegionProposalNetwork version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }

    /**
     * Builds a {@link RegionProposalNetwork}. Required: anchors and head. Defaults: training
     * 2000/2000, testing 1000/1000 (torchvision's), NMS 0.7, score threshold 0, minimum size
     * 1e-3, and a sampler of 256 anchors, half positive, drawing from a {@link SplittableRandom}
     * seeded with 0 so that runs repeat unless another source is given.
     */
    public static final class Builder {

        private AnchorGenerator anchorGenerator;
        private RpnHead head;
        private BalancedPositiveNegativeSampler sampler;
        private BoxCoder boxCoder = BoxCoder.forRpn();
        private Matcher matcher = Matcher.forRpn();
        private TopN trainingTopN = TopN.TRAINING;
        private TopN testingTopN = TopN.TORCHVISION_TESTING;
        private float nmsThreshold = 0.7f;
        private float scoreThreshold = 0f;
        private float minSize = 1e-3f;

        private Builder() {
        }

        public Builder setAnchorGenerator(AnchorGenerator anchorGenerator) {
            this.anchorGenerator = anchorGenerator;
            return this;
        }

        public Builder setHead(RpnHead head) {
            this.head = head;
            return this;
        }

        /** The training sampler; its random source decides which anchors are drawn. */
        public Builder optSampler(BalancedPositiveNegativeSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** The anchor-to-proposal coder; default weights (1, 1, 1, 1). */
        public Builder optBoxCoder(BoxCoder boxCoder) {
            this.boxCoder = boxCoder;
            return this;
        }

        /** The anchor matcher of training; default 0.7 / 0.3 with low-quality matches. */
        public Builder optMatcher(Matcher matcher) {
            this.matcher = matcher;
            return this;
        }

        public Builder optTrainingTopN(TopN topN) {
            this.trainingTopN = topN;
            return this;
        }

        public Builder optTestingTopN(TopN topN) {
            this.testingTopN = topN;
            return this;
        }

        /** IoU above which NMS suppresses a proposal. */
        public Builder optNmsThreshold(float nmsThreshold) {
            this.nmsThreshold = nmsThreshold;
            return this;
        }

        /** Sigmoid score below which a proposal is dropped before NMS. */
        public Builder optScoreThreshold(float scoreThreshold) {
            this.scoreThreshold = scoreThreshold;
            return this;
        }

        /** Width and height, pixels, below which a proposal is dropped. */
        public Builder optMinSize(float minSize) {
            this.minSize = minSize;
            return this;
        }

        public RegionProposalNetwork build() {
            if (anchorGenerator == null || head == null) {
                throw new IllegalArgumentException("RegionProposalNetwork needs an anchor "
                        + "generator and a head.");
            }
            if (boxCoder == null || matcher == null) {
                throw new IllegalArgumentException("RegionProposalNetwork needs a box coder and a "
                        + "matcher.");
            }
            if (trainingTopN == null || testingTopN == null) {
                throw new IllegalArgumentException("RegionProposalNetwork needs training and "
                        + "testing top-n numbers.");
            }
            if (!(nmsThreshold >= 0f && nmsThreshold <= 1f) || !(minSize >= 0f)
                    || !(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
                throw new IllegalArgumentException("RegionProposalNetwork thresholds out of range: "
                        + "NMS " + nmsThreshold + ", score " + scoreThreshold + ", minimum size "
                        + minSize + ".");
            }
            for (int l = 0; l < anchorGenerator.levelCount(); l++) {
                if (anchorGenerator.anchorsPerLocation(l) != head.anchorsPerLocation()) {
                    throw new IllegalArgumentException("Anchor level " + l + " has "
                            + anchorGenerator.anchorsPerLocation(l) + " anchors per location but "
                            + "the head predicts " + head.anchorsPerLocation() + ".");
                }
            }
            if (sampler == null) {
                sampler = BalancedPositiveNegativeSampler.forRpn(new SplittableRandom(0));
            }
            return new RegionProposalNetwork(this);
        }
    }
}
