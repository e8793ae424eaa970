package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.TorchvisionWeights;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/** A torchvision state dict of the RoI heads, transposed-conv weight included, imports exactly. */
class MaskPredictorImportTest {

    private static RoiHeads heads(NDManager m) {
        RoiHeads h = SmallHeads.create();
        h.initialize(m, DataType.FLOAT32, new Shape(1, 8, 16, 16), new Shape(1, 4));
        return h;
    }

    @Test
    void importsTheTransposedConvolutionThroughItsAdapter() {
        try (NDManager m = NDManager.newBaseManager()) {
            RoiHeads reference = heads(m);
            reference.fillDeterministic("roi_heads");
            // What torchvision's state_dict holds: our arrays, but conv5_mask.weight in the
            // transposed-conv layout (C, D, 2, 2), filled by the same rule as fillDeterministic.
            Map<String, NDArray> stateDict = new LinkedHashMap<>();
            for (var e : TorchvisionParameterNames.of(reference, "roi_heads")) {
                stateDict.put(e.name(), e.parameter().getArray().duplicate());
            }
            String conv5 = "roi_heads.mask_predictor.conv5_mask.weight";
            Shape torchvisionShape = reference.maskPredictor().torchvisionConv5Shape();
            stateDict.put(conv5, m.create(DeterministicParameters.values(conv5, torchvisionShape),
                    torchvisionShape));

            RoiHeads imported = heads(m);
            TorchvisionWeights.Report report = TorchvisionWeights.load(imported, "roi_heads",
                    stateDict, List.of(MaskPredictor.torchvisionAdapter()));
            assertEquals(1, report.adapted().size(), report.adapted().toString());
            var ours = TorchvisionParameterNames.of(imported, "roi_heads");
            var theirs = TorchvisionParameterNames.of(reference, "roi_heads");
            for (int i = 0; i < ours.size(); i++) {
                assertArrayEquals(theirs.get(i).parameter().getArray().toFloatArray(),
                        ours.get(i).parameter().getArray().toFloatArray(), 0f,
                        ours.get(i).name());
            }
        }
    }
}
