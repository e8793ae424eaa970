package org.nodulescope.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.nd.DeterministicParameters;

/** DJL's own parameter format round-trips the RPN, block versions and input shapes included. */
class RegionProposalNetworkCheckpointTest {

    private static RegionProposalNetwork small(int anchorsPerLocation) {
        AnchorGenerator anchors = anchorsPerLocation == 9 ? AnchorGenerator.paper()
                : AnchorGenerator.torchvisionDefault();
        return RegionProposalNetwork.builder().setAnchorGenerator(anchors)
                .setHead(RpnHead.builder().setChannels(8)
                        .setAnchorsPerLocation(anchorsPerLocation).build())
                .build();
    }

    @Test
    void savedParametersLoadIntoAFreshNetworkWithTheSameProposals() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork original = small(9);
            original.initialize(m, DataType.FLOAT32, new Shape(1, 8, 8, 8));
            DeterministicParameters.fill(original, "rpn");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));

            RegionProposalNetwork restored = small(9);
            restored.loadParameters(m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

            ParameterStore store = new ParameterStore(m, false);
            NDList features = new NDList();
            int[] sides = {8, 4, 2, 1, 1};
            for (int l = 0; l < sides.length; l++) {
                features.add(DeterministicParameters.uniformArray(m, "feature:" + l,
                        new Shape(1, 8, sides[l], sides[l])));
            }
            ImageSizes image = ImageSizes.single(32, 32);
            List<RegionProposalNetwork.Proposals> a = original.proposals(store, features, image,
                    false);
            List<RegionProposalNetwork.Proposals> b = restored.proposals(store, features, image,
                    false);
            assertArrayEquals(a.get(0).boxes().toFloatArray(), b.get(0).boxes().toFloatArray());
            assertArrayEquals(a.get(0).scores().toFloatArray(), b.get(0).scores().toFloatArray());
        }
    }

    @Test
    void aCheckpointWithAnotherAnchorCountIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork nine = small(9);
            nine.initialize(m, DataType.FLOAT32, new Shape(1, 8, 8, 8));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            nine.saveParameters(new DataOutputStream(bytes));
            RegionProposalNetwork three = small(3);
            assertThrows(MalformedModelException.class, () -> three.loadParameters(m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }
}
