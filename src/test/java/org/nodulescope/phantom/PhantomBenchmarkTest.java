package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times the generation of 512 x 512 x 300 scans. Skipped in normal test runs; run it with
 * {@code mvn -o -q test -Dtest=PhantomBenchmarkTest -Dnodulescope.benchmark=true}, or call
 * {@link #main} from an IDE or {@code java -cp target/classes:target/test-classes}.
 */
@Tag("benchmark")
class PhantomBenchmarkTest {

    @Test
    @EnabledIfSystemProperty(named = "nodulescope.benchmark", matches = "true")
    void generate512x512x300() {
        double[] seconds = run(3);
        assertEquals(4, seconds.length);
    }

    /** One cold and {@code warm} warm generations; returns their times in seconds. */
    static double[] run(int warm) {
        PhantomConfig config = PhantomConfig.builder().optSizePx(512).optSliceCount(300).build();
        System.out.printf("Phantom benchmark: 512 x 512 x 300, %s, %d threads, %d cores%n",
                config.difficulty(), config.threads(), Runtime.getRuntime().availableProcessors());
        double[] out = new double[warm + 1];
        for (int i = 0; i <= warm; i++) {
            long t0 = System.nanoTime();
            PhantomScan scan = ChestPhantom.generate(config, 20_260_101L, i);
            long t1 = System.nanoTime();
            ChestScene.build(config, scan.protocol(), 20_260_101L, i);
            long t2 = System.nanoTime();
            out[i] = (t1 - t0) / 1e9;
            System.out.printf("  scan %d (%s): %.2f s, of which scene building ~%.2f s;"
                            + " %d nodules, %d candidates%n", i, i == 0 ? "cold JVM" : "warm",
                    out[i], (t2 - t1) / 1e9, scan.nodules().size(), scan.candidates().size());
        }
        return out;
    }

    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 3);
    }
}
