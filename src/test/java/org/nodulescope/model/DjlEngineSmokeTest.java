package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the PyTorch engine loads offline and that every NDArray operation the detection ops use
 * gives the expected numbers on it. If an op starts throwing after an upgrade, this fails first.
 */
class DjlEngineSmokeTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void engineIsPyTorchAndOffline() {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void elementwiseMaths() {
        NDArray a = manager.create(new float[] {1f, 4f, 9f});
        assertArrayEquals(new float[] {1f, 2f, 3f}, a.sqrt().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, (float) Math.log(4), (float) Math.log(9)},
                a.log().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.exp(1), (float) Math.exp(4), (float) Math.exp(9)},
                a.exp().toFloatArray(), 1e-2f);
        assertArrayEquals(new float[] {2f, 4f, 5f}, a.clip(2f, 5f).toFloatArray());
        NDArray b = manager.create(new float[] {3f, 3f, 3f});
        assertArrayEquals(new float[] {3f, 4f, 9f}, a.maximum(b).toFloatArray());
        assertArrayEquals(new float[] {1f, 3f, 3f}, a.minimum(b).toFloatArray());
        assertArrayEquals(new float[] {3f, 4f, 9f}, NDArrays.maximum(a, b).toFloatArray());
        assertArrayEquals(new float[] {3f, 4f, 9f}, a.maximum(3f).toFloatArray());
        assertArrayEquals(new float[] {1f, 3f, 3f}, a.minimum(3f).toFloatArray());
        assertArrayEquals(new float[] {0f, 1f, 2f}, a.sqrt().sub(1f).floor().toFloatArray());
        assertArrayEquals(new float[] {1f, 2f, 3f}, a.mul(0.5f).add(0.5f).sqrt().mul(a.sqrt())
                .div(a.mul(0.5f).add(0.5f).sqrt()).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, 2f, 4f}, manager.create(new float[] {0.4f, 2.5f, 3.5f})
                .round().toFloatArray(), "round half to even, as torch.round");
        assertArrayEquals(new float[] {0f, 1f}, manager.create(new float[] {1f, 8f}).log2()
                .div(3f).toFloatArray());
    }

    @Test
    void broadcastingArithmeticAndComparison() {
        NDArray col = manager.arange(3f).reshape(3, 1);
        NDArray row = manager.arange(4f).reshape(1, 4);
        NDArray sum = col.add(row);
        assertEquals(new Shape(3, 4), sum.getShape());
        assertEquals(5f, sum.getFloat(2, 3));
        assertEquals(new Shape(3, 4), col.maximum(row).getShape());
        assertEquals(new Shape(3, 4), col.gt(row).getShape());
        assertEquals(DataType.BOOLEAN, col.gte(row).getDataType());
    }

    @Test
    void gatherTakeAndIndexing() {
        NDArray m = manager.arange(12f).reshape(3, 4);
        NDArray idx = manager.create(new long[] {2, 0});
        assertArrayEquals(new float[] {8f, 9f, 10f, 11f, 0f, 1f, 2f, 3f},
                m.get(idx).toFloatArray(), "row selection by an index array");
        NDArray cols = manager.create(new long[][] {{3}, {0}, {1}});
        assertArrayEquals(new float[] {3f, 4f, 9f}, m.gather(cols, 1).toFloatArray());
        assertArrayEquals(new float[] {11f, 0f, 5f},
                m.take(manager.create(new long[] {11, 0, 5})).toFloatArray(), "flat take");
        assertArrayEquals(new float[] {1f, 5f, 9f}, m.get(new NDIndex(":, 1")).toFloatArray());
        assertArrayEquals(new float[] {2f, 3f}, m.get(new NDIndex("0, 2:")).toFloatArray());
        assertEquals(new Shape(3, 1), m.get(new NDIndex(":, 1:2")).getShape());
        assertArrayEquals(new float[] {4f, 5f, 6f, 7f}, m.get(1).toFloatArray());
        NDArray selected = m.get(new NDIndex("{}, :", manager.create(new long[] {1, 1})));
        assertEquals(new Shape(2, 4), selected.getShape());
    }

    @Test
    void sortingAndSelection() {
        NDArray s = manager.create(new float[] {0.3f, 0.9f, 0.1f, 0.9f, 0.5f});
        NDArray order = s.neg().argSort(0, true);
        assertArrayEquals(new long[] {1, 3, 4, 0, 2}, order.toLongArray());
        NDList top = s.topK(2, 0, true, true);
        assertArrayEquals(new float[] {0.9f, 0.9f}, top.get(0).toFloatArray());
        assertEquals(DataType.INT64, top.get(1).getDataType());
        assertEquals(1, s.argMax().getLong());
        NDArray m = manager.create(new float[][] {{0.2f, 0.7f}, {0.6f, 0.1f}, {0.4f, 0.5f}});
        assertArrayEquals(new float[] {0.7f, 0.6f, 0.5f}, m.max(new int[] {1}).toFloatArray());
        assertArrayEquals(new long[] {1, 0, 1}, m.argMax(1).toLongArray());
        assertArrayEquals(new float[] {0.6f, 0.7f}, m.max(new int[] {0}).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, m.argMax(0).toLongArray());
    }

    @Test
    void masksAndNonzero() {
        NDArray s = manager.create(new float[] {0.3f, 0.9f, 0.1f, 0.9f});
        NDArray keep = s.gt(0.2f);
        assertArrayEquals(new float[] {0.3f, 0.9f, 0.9f}, s.booleanMask(keep).toFloatArray());
        assertArrayEquals(new long[] {0, 1, 3}, keep.nonzero().squeeze(1).toLongArray());
        assertArrayEquals(new float[] {0.3f, 0.9f, 0.9f}, s.get(keep).toFloatArray());
        NDArray none = s.gt(5f).nonzero();
        assertEquals(new Shape(0, 1), none.getShape());
        NDArray boxes = manager.arange(8f).reshape(2, 4);
        NDArray rowMask = manager.create(new boolean[] {false, true});
        // A 1-D mask over the rows of a 2-D array throws here; select rows by nonzero indices.
        assertThrows(UnsupportedOperationException.class, () -> boxes.booleanMask(rowMask, 0));
        NDArray rows = boxes.get(rowMask.nonzero().squeeze(1));
        assertArrayEquals(new float[] {4f, 5f, 6f, 7f}, rows.toFloatArray());
        NDArray both = keep.logicalAnd(s.lt(0.95f)).logicalOr(s.eq(0.1f)).logicalNot();
        assertEquals(DataType.BOOLEAN, both.getDataType());
        NDArray same = manager.create(new boolean[] {true, false, true, false});
        NDArray picked = NDArrays.where(same, s, manager.zeros(new Shape(4)));
        assertArrayEquals(new float[] {0.3f, 0f, 0.1f, 0f}, picked.toFloatArray());
    }

    @Test
    void stackConcatSplitAndShapes() {
        NDArray a = manager.create(new float[] {1f, 2f});
        NDArray b = manager.create(new float[] {3f, 4f});
        assertEquals(new Shape(2, 2), NDArrays.stack(new NDList(a, b), 1).getShape());
        assertArrayEquals(new float[] {1f, 3f, 2f, 4f}, NDArrays.stack(new NDList(a, b), 1)
                .toFloatArray());
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, NDArrays.concat(new NDList(a, b))
                .toFloatArray());
        NDArray m = manager.arange(8f).reshape(2, 4);
        NDList parts = m.split(4, 1);
        assertEquals(4, parts.size());
        assertEquals(new Shape(2, 1), parts.get(3).getShape());
        assertEquals(new Shape(4, 2), m.transpose().getShape());
        assertEquals(new Shape(2, 2, 2), m.reshape(2, 2, 2).getShape());
        assertEquals(new Shape(2, 4), m.expandDims(0).squeeze(0).getShape());
        assertEquals(new Shape(3, 4), manager.zeros(new Shape(0, 4)).concat(
                manager.ones(new Shape(3, 4))).getShape());
        assertEquals(new Shape(6), manager.ones(new Shape(2, 3)).flatten().getShape());
        assertEquals(new Shape(2, 3), manager.ones(new Shape(3)).broadcast(2, 3).getShape());
        assertEquals(new Shape(4, 3), manager.arange(3f).repeat(0, 4).reshape(4, 3).getShape(),
                "repeat stands in for tile");
        assertEquals(DataType.INT64, manager.arange(3f).toType(DataType.INT64, false)
                .getDataType());
        assertEquals(6f, manager.ones(new Shape(2, 3)).sum().getFloat());
        assertArrayEquals(new float[] {3f, 3f}, manager.ones(new Shape(2, 3)).sum(new int[] {1})
                .toFloatArray());
    }

    @Test
    void batchedMatMulTransposeAndScopes() {
        NDArray a = manager.arange(12f).reshape(2, 2, 3);
        NDArray b = manager.ones(new Shape(2, 3, 4));
        NDArray product = a.matMul(b);
        assertEquals(new Shape(2, 2, 4), product.getShape());
        assertEquals(6f + 7f + 8f, product.getFloat(1, 0, 0));
        assertEquals(new Shape(3, 2, 2), a.transpose(2, 0, 1).getShape());
        assertEquals(new Shape(2, 4, 3, 1),
                manager.zeros(new Shape(2, 3, 4, 1)).transpose(0, 2, 1, 3).getShape());
        NDArray full = manager.full(new Shape(2), -2f, DataType.INT64);
        assertArrayEquals(new long[] {-2, -2}, full.toLongArray());
        int before = manager.getManagedArrays().size();
        NDArray borrowed = manager.ones(new Shape(3));
        try (NDManager scratch = manager.newSubManager()) {
            borrowed.tempAttach(scratch);
            borrowed.add(1f).mul(2f);
        }
        assertEquals(before + 1, manager.getManagedArrays().size(), "borrowed array comes back");
        assertEquals(3f, borrowed.sum().getFloat());
    }

    @Test
    void emptyArraysFlowThrough() {
        NDArray empty = manager.zeros(new Shape(0, 4));
        assertEquals(new Shape(0), empty.get(new NDIndex(":, 2")).sub(empty.get(new NDIndex(":, 0")))
                .getShape());
        assertEquals(new Shape(0, 3), empty.matMul(manager.zeros(new Shape(4, 3))).getShape());
        NDArray s = manager.zeros(new Shape(0));
        assertEquals(new Shape(0), s.argSort().getShape());
    }

    @Test
    void npzFixturesDecodeWithNamesAndTypes() {
        Fixture fixture = Fixture.op(manager, "nms");
        assertEquals(DataType.FLOAT32, fixture.get("ties.boxes").getDataType());
        assertEquals(DataType.INT64, fixture.get("ties.keep_0.5").getDataType());
        assertEquals(new Shape(7, 4), fixture.get("ties.boxes").getShape());
    }
}
