package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The libtorch line that lets two benchmark figures from two machines be told apart. */
class MachineReportTest {

    @Test
    void showsSortedFeaturesThreadsAndOnlyTheVariablesThatAreSet() {
        String line = MachineReport.torchLine("PyTorch 2.5.1", Set.of("OPENMP", "MKLDNN", "MKL"),
                2, 1, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "PATH", "/bin"));
        assertEquals("PyTorch 2.5.1 built with MKL MKLDNN OPENMP; 2 intra-op, 1 inter-op threads;"
                + " ONEDNN_MAX_CPU_ISA=AVX2", line);
    }

    @Test
    void listsEveryTorchVariableInItsOwnOrder() {
        String line = MachineReport.torchLine("PyTorch 2.5.1", List.of(), 4, 4, Map.of(
                "ATEN_CPU_CAPABILITY", "avx2", "OMP_WAIT_POLICY", "passive",
                "ONEDNN_MAX_CPU_ISA", "AVX512_CORE"));
        assertTrue(line.endsWith("; OMP_WAIT_POLICY=passive ONEDNN_MAX_CPU_ISA=AVX512_CORE"
                + " ATEN_CPU_CAPABILITY=avx2"), line);
        assertTrue(line.contains(" built with no listed features;"), line);
    }

    @Test
    void saysWhatIsUnknownWhenTheEngineCannotBeAsked() {
        assertEquals("unknown built with unknown features; unknown intra-op, unknown inter-op"
                + " threads; none of OMP_WAIT_POLICY, ONEDNN_MAX_CPU_ISA, ATEN_CPU_CAPABILITY set",
                MachineReport.torchLine("unknown", null, -1, -1, Map.of()));
    }

    @Test
    void readsTheLoadedEngine() {
        // the PyTorch engine is on the test class path: its features and threads are known
        String line = MachineReport.torchLine();
        assertTrue(line.startsWith("PyTorch "), line);
        assertTrue(!line.contains("unknown"), line);
    }
}
