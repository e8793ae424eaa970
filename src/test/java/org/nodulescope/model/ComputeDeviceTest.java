package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {

    @Test
    void readsTheBundledLibtorchBuild() {
        ComputeDevice.NativeBuild build = ComputeDevice.nativeBuild();
        assertTrue(build.version().startsWith("2.5.1"), build.toString());
        assertEquals("cpu", build.flavour(), "the default build bundles the CPU flavour");
    }

    @Test
    void explainsEveryChoice() {
        ComputeDevice.Choice cpu = ComputeDevice.choose(ComputeDevice.Request.CPU);
        assertEquals(Device.cpu(), cpu.device());
        assertTrue(cpu.report().startsWith("Device: CPU (requested)"), cpu.report());

        ComputeDevice.Choice auto = ComputeDevice.choose(ComputeDevice.Request.AUTO);
        if (Engine.getInstance().getGpuCount() == 0) {
            assertEquals(Device.cpu(), auto.device());
            assertTrue(auto.report().contains("CPU-only libtorch 2.5.1")
                    && auto.report().contains("mvn -Pcuda package"), auto.report());
            ComputeDevice.UnavailableException e = assertThrows(
                    ComputeDevice.UnavailableException.class,
                    () -> ComputeDevice.choose(ComputeDevice.Request.GPU));
            assertTrue(e.getMessage().contains("A GPU was requested but"), e.getMessage());
        } else {
            assertEquals(Device.gpu(0), auto.device());
        }
        assertEquals(ComputeDevice.Request.GPU, ComputeDevice.Request.parse(" gpu "));
        assertThrows(IllegalArgumentException.class, () -> ComputeDevice.Request.parse("tpu"));
    }
}
