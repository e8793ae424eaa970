package org.nodulescope.model.nd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

    @Test
    void aUsersMallocVariablesAndTheOptOutPropertyLeaveGlibcAlone() {
        assertEquals("native heap: as the environment sets it (MALLOC_ARENA_MAX ...)",
                NativeHeap.apply(Map.of("MALLOC_ARENA_MAX", "2", "HOME", "/root"), "", true));
        assertTrue(NativeHeap.apply(Map.of(), "default", true).contains("glibc defaults"));
        assertEquals("native heap: the platform's allocator",
                NativeHeap.apply(Map.of(), "", false));
    }

    @Test
    void onLinuxWithGlibcMalloptTakesEverySetting() {
        // the CI machines and these are Debian with glibc: mallopt exists and accepts the values
        assertEquals("native heap: mmap threshold 32 MB, trim threshold 1 GB, top pad 64 MB",
                NativeHeap.apply(Map.of(), "", true));
    }
}
