package org.nodulescope.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nodulescope.model.backbone.BackboneWithFpn;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.model.roi.RoiHeads;
import org.nodulescope.model.rpn.RegionProposalNetwork;

/**
 * The 2.5D Mask R-CNN: torchvision's {@code MaskRCNN} with the children {@code backbone}
 * ({@link BackboneWithFpn}), {@code rpn} ({@link RegionProposalNetwork}) and {@code roi_heads}
 * ({@link RoiHeads}, with the auxiliary nodule classifier when the configuration enables it), so
 * that every parameter's path is its torchvision 0.14 state-dict name.
 *
 * <p>Two entry points: {@link #detect} (inference on a batch of slice stacks) and
 * {@link #losses} (training). Both start with {@link ImageBatch} (normalise, pad to 32, no
 * resize). As a DJL block its forward returns the FPN levels P2..P6 of an already normalised
 * batch.
 */
public final class MaskRcnn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final MaskRcnnConfig config;
    private final BackboneWithFpn backbone;
    private final RegionProposalNetwork rpn;
    private final RoiHeads roiHeads;
    private final BalancedPositiveNegativeSampler.Draw roiDraw;
    private final double hardRoiShare;

    /**
     * How the two balanced samplers of training choose their anchors and RoIs.
     *
     * @param rpn the RPN's draw over anchors
     * @param roiHeads the RoI heads' draw over proposals
     * @param hardRoiShare the share of the RoI heads' negatives taken hardest first (online
     *     hard example mining, {@link RoiHeads#losses(ParameterStore, List, List, List,
     *     BalancedPositiveNegativeSampler.Draw, double)}); 0 for torchvision's uniform draw
     */
    public record Sampling(BalancedPositiveNegativeSampler.Draw rpn,
            BalancedPositiveNegativeSampler.Draw roiHeads, double hardRoiShare) {

        public Sampling {
            if (!(hardRoiShare >= 0 && hardRoiShare <= 1)) {
                throw new IllegalArgumentException("the share of hard RoIs must lie in [0, 1],"
                        + " got " + hardRoiShare);
            }
        }

        /** Uniform draws, as torchvision's. */
        public Sampling(BalancedPositiveNegativeSampler.Draw rpn,
                BalancedPositiveNegativeSampler.Draw roiHeads) {
            this(rpn, roiHeads, 0);
        }

        /**
         * @param seed seed of two independent generators
         * @return uniform draws, repeatable for a given seed
         */
        public static Sampling seeded(long seed) {
            SplittableRandom root = new SplittableRandom(seed);
            return new Sampling(BalancedPositiveNegativeSampler.Draw.shuffle(root.split()),
                    BalancedPositiveNegativeSampler.Draw.shuffle(root.split()));
        }
    }

    private MaskRcnn(Builder builder) {
        super(VERSION);
        this.config = builder.config;
        backbone = addChildBlock("backbone", builder.backbone);
        rpn = addChildBlock("rpn", builder.rpn);
        roiHeads = addChildBlock("roi_heads", builder.roiHeads);
        roiDraw = builder.roiDraw;
        hardRoiShare = builder.hardRoiShare;
    }

    /**
     * @return a builder that takes the three stages ready-made, as torchvision's
     *     {@code GeneralizedRCNN(backbone, rpn, roi_heads, transform)} does; {@link #of} builds
     *     them from a configuration
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param config the detector's numbers
     * @return an uninitialised model whose samplers draw from seed 0
     */
    public static MaskRcnn of(MaskRcnnConfig config) {
        return of(config, Sampling.seeded(0));
    }

    /**
     * The one place a configuration becomes blocks: the backbone, the RPN and the RoI heads
     * with the configuration's numbers, handed to {@link #builder}.
     *
     * @param config the detector's numbers
     * @param sampling the training samplers' draws
     * @return an uninitialised model
     */
    public static MaskRcnn of(MaskRcnnConfig config, Sampling sampling) {
        return builder().setConfig(config)
                .setBackbone(ConfiguredStages.backbone(config))
                .setRpn(ConfiguredStages.rpn(config, sampling.rpn()))
                .setRoiHeads(ConfiguredStages.roiHeads(config))
                .optRoiDraw(sampling.roiHeads())
                .optHardRoiShare(sampling.hardRoiShare())
                .build();
    }

    /** @return the configuration the model was built from */
    public MaskRcnnConfig config() {
        return config;
    }

    /** @return the ResNet-FPN backbone */
    public BackboneWithFpn backbone() {
        return backbone;
    }

    /** @return the region proposal network */
    public RegionProposalNetwork rpn() {
        return rpn;
    }

    /** @return the RoI heads */
    public RoiHeads roiHeads() {
        return roiHeads;
    }

    /**
     * Initialises every parameter for the configuration's input channel count.
     *
     * @param manager where the parameters live (its device is the model's)
     * @param dataType FLOAT32, or FLOAT64 for parity checks
     */
    public void initialize(NDManager manager, DataType dataType) {
        initialize(manager, dataType, new Shape(1, config.backbone().inputChannels(), 64, 64));
    }

    /**
     * Sets every parameter and buffer by {@link DeterministicParameters} under its torchvision
     * name, as the parity fixtures' script does on torchvision's model.
     */
    public void fillDeterministic() {
        DeterministicParameters.fill(backbone, "backbone");
        DeterministicParameters.fill(rpn, "rpn");
        roiHeads.fillDeterministic("roi_heads");
    }

    /**
     * Writes the parameters, the configuration and the metadata into a model folder
     * ({@link ModelFolder}) with the paper's preprocessing recipe for the configuration's input
     * channels ({@link InputRecipe#paper}).
     *
     * @param folder a new or empty folder, created if missing
     * @param description one line for the metadata, e.g. where the weights came from
     * @return the metadata written
     * @throws java.nio.file.FileAlreadyExistsException when the folder holds files already
     * @throws IOException if the folder cannot be written
     */
    public ModelFolder.Metadata save(Path folder, String description) throws IOException {
        return save(folder, description, InputRecipe.paper(config.backbone().inputChannels()));
    }

    /**
     * Writes the parameters, the configuration, the preprocessing recipe and the metadata into
     * a model folder ({@link ModelFolder}).
     *
     * @param folder a new or empty folder, created if missing
     * @param description one line for the metadata, e.g. where the weights came from
     * @param recipe how the training inputs were made
     * @return the metadata written
     * @throws IllegalArgumentException when the recipe's slice count is not the model's input
     *     channel count
     * @throws java.nio.file.FileAlreadyExistsException when the folder holds files already
     * @throws IOException if the folder cannot be written
     */
    public ModelFolder.Metadata save(Path folder, String description, InputRecipe recipe)
            throws IOException {
        recipe.requireChannels(config.backbone().inputChannels());
        return ModelFolder.save(folder, this, config.toJson(), description, recipe);
    }

    /**
     * Builds the model a folder's configuration describes and loads its parameters, after
     * checking the format version, the configuration hash, the preprocessing recipe (its hash
     * and slice count, {@link ModelFolder#readRecipe}) and the parameters' SHA-256.
     *
     * @param folder a folder written by {@link #save}
     * @param manager where the parameters live (its device is the model's)
     * @return the loaded model
     * @throws IOException with the folder and what is wrong with it
     */
    public static MaskRcnn load(Path folder, NDManager manager) throws IOException {
        return load(folder, manager, Sampling.seeded(0));
    }

    /**
     * {@link #load(Path, NDManager)} with the training samplers' draws of the caller's choosing,
     * for a training run that continues from a saved model.
     *
     * @param folder a folder written by {@link #save}
     * @param manager where the parameters live
     * @param sampling the training samplers' draws
     * @return the loaded model
     * @throws IOException with the folder and what is wrong with it
     */
    public static MaskRcnn load(Path folder, NDManager manager, Sampling sampling)
            throws IOException {
        return MaskRcnnReader.read(folder, manager, sampling);
    }

    /**
     * Inference on a batch: backbone, RPN proposals (testing top-n), RoI heads per image.
     * Everything but the returned host arrays is freed before returning. Runs with libtorch's
     * gradient recording off on the calling thread, whichever thread it is ({@link GradMode}),
     * and leaves the thread's setting as it found it.
     *
     * @param images (C, H, W) slice stacks in [0, 1]; sizes may differ (they are padded)
     * @return per image its detections, boxes in that image's pixels
     * @throws IllegalArgumentException if an image does not fit the model's input
     */
    public List<Detections> detect(List<NDArray> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("detect needs at least one image");
        }
        return GradMode.disabledDuring(() -> detectWithoutGrad(images));
    }

    private List<Detections> detectWithoutGrad(List<NDArray> images) {
        NDManager caller = images.get(0).getManager();
        Device device = parameterDevice();
        try (NDManager scope = caller.newSubManager(device)) {
            // borrowed, so that conversions and arithmetic on them land in the scope
            scope.tempAttachAll(images.toArray(new NDArray[0]));
            ParameterStore store = new ParameterStore(scope, false);
            ImageBatch batch = ImageBatch.of(scope, images, config.transform());
            NDList pyramid = backbone.extract(store, batch.tensor());
            List<RegionProposalNetwork.Proposals> proposals =
                    rpn.proposals(store, pyramid, batch.sizes(), false);
            List<Detections> out = new ArrayList<>(images.size());
            int levels = pyramid.size() - 1;
            for (int i = 0; i < images.size(); i++) {
                List<NDArray> features = new ArrayList<>(levels);
                for (int l = 0; l < levels; l++) {
                    features.add(pyramid.get(l).get(new NDIndex("{}:{}", i, i + 1)));
                }
                int[] size = batch.sizes().perImage().get(i);
                out.add(roiHeads.detect(features, proposals.get(i).boxes(), size[0], size[1]));
            }
            return out;
        }
    }

    /**
     * @param image one (C, H, W) slice stack in [0, 1]
     * @return its detections
     */
    public Detections detect(NDArray image) {
        return detect(List.of(image)).get(0);
    }

    /**
     * Training losses of a batch, torchvision's MaskRCNN forward in training mode plus the
     * auxiliary loss: backbone (batch statistics when BatchNorm is trainable), RPN losses and
     * training proposals, RoI-head losses over the batch. The arrays live in the images'
     * manager, which the caller closes after the backward pass (use one sub-manager per step).
     *
     * @param store the training step's parameter store
     * @param images (C, H, W) slice stacks in [0, 1]
     * @param truths per image its ground truth, in that image's pixels
     * @return the named losses and their weighted sum
     */
    public TrainingLosses losses(ParameterStore store, List<NDArray> images,
            List<GroundTruth> truths) {
        return losses(store, images, truths, true);
    }

    /**
     * {@link #losses(ParameterStore, List, List)} with the backbone's mode chosen: a training
     * phase that freezes the backbone runs it as at inference, so that trainable BatchNorm
     * normalises with its running statistics and leaves them unchanged.
     *
     * @param store the training step's parameter store
     * @param images (C, H, W) slice stacks in [0, 1]
     * @param truths per image its ground truth, in that image's pixels
     * @param backboneTraining false to run the backbone in inference mode
     * @return the named losses and their weighted sum
     */
    public TrainingLosses losses(ParameterStore store, List<NDArray> images,
            List<GroundTruth> truths, boolean backboneTraining) {
        if (truths.size() != images.size()) {
            throw new IllegalArgumentException("training needs ground truth for each of the "
                    + images.size() + " images, got " + truths.size());
        }
        NDManager caller = images.get(0).getManager();
        Device device = parameterDevice();
        // a child of the caller's manager on the model's device: closed with the caller's
        NDManager m = caller.getDevice().equals(device) ? caller : caller.newSubManager(device);
        ImageBatch batch = ImageBatch.of(m, images, config.transform());
        for (int i = 0; i < truths.size(); i++) {
            int[] size = batch.sizes().perImage().get(i);
            GroundTruth t = truths.get(i);
            if (t.height() != size[0] || t.width() != size[1]) {
                throw new IllegalArgumentException("ground truth " + i + " is " + t.height()
                        + " x " + t.width() + " but its image is " + size[0] + " x " + size[1]);
            }
        }
        NDList pyramid = backbone.forward(store, new NDList(batch.tensor()), backboneTraining);
        List<NDArray> gtBoxes = new ArrayList<>();
        for (GroundTruth t : truths) {
            gtBoxes.add(t.boxes().toNdArray(m));
        }
        RegionProposalNetwork.TrainingOutput rpnOut =
                rpn.train(store, pyramid, batch.sizes(), gtBoxes);
        List<NDArray> proposals = new ArrayList<>();
        for (RegionProposalNetwork.Proposals p : rpnOut.proposals()) {
            proposals.add(p.boxes());
        }
        Map<String, NDArray> terms = new LinkedHashMap<>(rpnOut.losses());
        terms.putAll(roiHeads.losses(store, pyramid.subNDList(0, pyramid.size() - 1), proposals,
                truths, roiDraw, hardRoiShare));
        double auxWeight = config.aux().lossWeight();
        return TrainingLosses.of(terms, auxWeight);
    }

    private Device parameterDevice() {
        for (var p : getParameters()) {
            if (p.getValue().isInitialized()) {
                return p.getValue().getArray().getDevice();
            }
        }
        throw new IllegalStateException("initialise the model or load its weights first");
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return backbone.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] levels = backbone.getOutputShapes(inputShapes);
        rpn.initialize(manager, dataType, levels);
        Shape[] roiInputs = new Shape[levels.length];
        System.arraycopy(levels, 0, roiInputs, 0, levels.length - 1);
        roiInputs[levels.length - 1] = new Shape(1, 4);
        roiHeads.initialize(manager, dataType, roiInputs);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return backbone.getOutputShapes(inputShapes);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("MaskRcnn version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        readInputShapes(is);
    }

    /**
     * Builds a {@link MaskRcnn} from its stages. Required: the configuration (the input
     * transform, lambda_aux, what is saved with the weights) and the three stages, which must
     * be the configuration's: {@link #of} is the way to get both from one configuration.
     * Default RoI draw: uniform from seed 0.
     */
    public static final class Builder {

        private MaskRcnnConfig config;
        private BackboneWithFpn backbone;
        private RegionProposalNetwork rpn;
        private RoiHeads roiHeads;
        private BalancedPositiveNegativeSampler.Draw roiDraw;
        private double hardRoiShare;

        private Builder() {
        }

        public Builder setConfig(MaskRcnnConfig config) {
            this.config = config;
            return this;
        }

        public Builder setBackbone(BackboneWithFpn backbone) {
            this.backbone = backbone;
            return this;
        }

        public Builder setRpn(RegionProposalNetwork rpn) {
            this.rpn = rpn;
            return this;
        }

        public Builder setRoiHeads(RoiHeads roiHeads) {
            this.roiHeads = roiHeads;
            return this;
        }

        /** How the RoI heads' balanced sampler chooses in training. */
        public Builder optRoiDraw(BalancedPositiveNegativeSampler.Draw roiDraw) {
            this.roiDraw = roiDraw;
            return this;
        }

        /** The share of the RoI heads' negatives taken hardest first in training (0). */
        public Builder optHardRoiShare(double share) {
            this.hardRoiShare = share;
            return this;
        }

        public MaskRcnn build() {
            if (config == null || backbone == null || rpn == null || roiHeads == null) {
                throw new IllegalArgumentException("MaskRcnn needs a configuration, a backbone, "
                        + "an RPN and RoI heads");
            }
            if (config.transform().resize()) {
                throw new IllegalArgumentException("transform.resize is true, but NoduleScope "
                        + "feeds slices at their own size; set it to false");
            }
            if (roiHeads.hasAux() != config.aux().enabled()) {
                throw new IllegalArgumentException("the configuration " + (config.aux().enabled()
                        ? "enables" : "disables") + " the auxiliary head but the RoI heads "
                        + (roiHeads.hasAux() ? "have" : "lack") + " it");
            }
            if (roiDraw == null) {
                roiDraw = Sampling.seeded(0).roiHeads();
            }
            return new MaskRcnn(this);
        }
    }
}
