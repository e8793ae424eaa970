package org.nodulescope.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * torch.optim.SGD's update with momentum and weight decay, for timing a training step the way
 * torchvision's benchmark script does (DJL's own SGD differs in where the decay enters):
 * d = g + decay w; b = d on the first step, else momentum b + d; w -= rate b. The gradient is
 * zeroed afterwards because libtorch accumulates into it. Only benchmarks use it; training has
 * its own resumable Adam.
 */
final class MomentumSgd implements AutoCloseable {

    private final NDManager buffers;
    private final Map<String, NDArray> momentum = new HashMap<>();
    private final float rate;
    private final float mu;
    private final float decay;

    /**
     * @param parent the manager the momentum buffers live under, until {@link #close}
     * @param rate the learning rate
     * @param mu the momentum
     * @param decay the weight decay
     */
    MomentumSgd(NDManager parent, float rate, float mu, float decay) {
        this.buffers = parent.newSubManager();
        this.rate = rate;
        this.mu = mu;
        this.decay = decay;
    }

    /** One update of every parameter of {@code block} that requires a gradient. */
    void step(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            // each getGradient() is a new handle in the model's manager: close them all
            try (NDArray g = w.getGradient()) {
                NDArray d = w.mul(decay);
                d.addi(g);
                NDArray b = momentum.get(p.getValue().getId());
                if (b == null) {
                    d.attach(buffers);
                    momentum.put(p.getValue().getId(), d);
                    b = d;
                } else {
                    b.muli(mu).addi(d);
                    d.close();
                }
                try (NDArray update = b.mul(rate)) {
                    w.subi(update);
                }
                g.subi(g);
            }
        }
    }

    @Override
    public void close() {
        buffers.close();
    }
}
