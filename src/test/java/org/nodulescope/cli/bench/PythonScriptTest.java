package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner of the Python reference scripts, with /bin/sh standing in for the interpreter and
 * small shell scripts for the Python ones: every way it can fail says why in one sentence.
 */
class PythonScriptTest {

    @TempDir
    Path dir;

    @Test
    void aMissingInterpreterIsNamedWithWhatToDo() throws IOException {
        Path script = Files.writeString(dir.resolve("reference.py"), "");
        PythonScript.Unavailable e = assertThrows(PythonScript.Unavailable.class,
                () -> PythonScript.find(Path.of("/nonexistent/python3"), script, "tools/x.py"));
        assertEquals("no Python at /nonexistent/python3; install python3-torch and"
                + " python3-torchvision, or pass --python with an interpreter that has torch"
                + " and torchvision", e.getMessage());
        // a bare name is looked up on the PATH: sh is there, this one is not
        assertTrue(PythonScript.interpreter(Path.of("sh")).isPresent());
        assertThrows(PythonScript.Unavailable.class, () -> PythonScript.find(
                Path.of("no-such-python-here"), script, "tools/x.py"));
        // a file that cannot be executed is no interpreter either
        assertTrue(PythonScript.interpreter(script).isEmpty());
    }

    @Test
    void aMissingScriptIsNamed() {
        Path absent = dir.resolve("absent.py");
        PythonScript.Unavailable e = assertThrows(PythonScript.Unavailable.class,
                () -> PythonScript.find(Path.of("/bin/sh"), absent, "tools/x.py"));
        assertEquals(absent + " was not found", e.getMessage());
    }

    @Test
    void readsTheLastJsonObjectWithArgumentsAndEnvironmentPassed() throws Exception {
        Path script = Files.writeString(dir.resolve("ok.sh"), "echo 'progress' >&2\n"
                + "echo '{\"first\": 1}'\n"
                + "echo '{'\necho '  \"args\": \"'\"$*\"'\", \"env\": \"'$REFERENCE_ENV'\"'\n"
                + "echo '}'\n");
        PythonScript.Output o = PythonScript.find(Path.of("/bin/sh"), script, "tools/x.py")
                .run(List.of("--size", "64"), Map.of("REFERENCE_ENV", "seen"), 10);
        assertEquals("--size 64", o.lastJson().get("args").asText());
        assertEquals("seen", o.lastJson().get("env").asText());
        assertEquals("progress", o.stderr().strip());
        assertEquals("the script printed no JSON object: done",
                assertThrows(PythonScript.Unavailable.class,
                        () -> new PythonScript.Output("working\ndone\n", "").lastJson())
                        .getMessage());
    }

    @Test
    void aFailureGivesItsLastErrorLineAndAMissingModuleWhatToInstall() throws IOException {
        Path failing = Files.writeString(dir.resolve("fail.sh"),
                "echo 'line one' >&2; echo 'ValueError: bad size' >&2; exit 3\n");
        PythonScript.Unavailable e = assertThrows(PythonScript.Unavailable.class,
                () -> PythonScript.find(Path.of("/bin/sh"), failing, "tools/x.py")
                        .run(List.of(), Map.of(), 10));
        assertEquals("fail.sh exited with 3: ValueError: bad size", e.getMessage());

        Path noTorch = Files.writeString(dir.resolve("notorch.sh"),
                "echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1\n");
        e = assertThrows(PythonScript.Unavailable.class,
                () -> PythonScript.find(Path.of("/bin/sh"), noTorch, "tools/x.py")
                        .run(List.of(), Map.of(), 10));
        assertTrue(e.getMessage().startsWith("/bin/sh has no torch module; install"
                + " python3-torch "), e.getMessage());
    }

    @Test
    void aScriptPastItsTimeIsStopped() throws IOException {
        Path slow = Files.writeString(dir.resolve("slow.sh"), "exec sleep 60\n");
        long start = System.nanoTime();
        PythonScript.Unavailable e = assertThrows(PythonScript.Unavailable.class,
                () -> PythonScript.find(Path.of("/bin/sh"), slow, "tools/x.py")
                        .run(List.of(), Map.of(), 1));
        assertEquals("slow.sh ran longer than 1 s and was stopped", e.getMessage());
        // stopped, not waited for: well under the script's own minute
        assertTrue((System.nanoTime() - start) / 1e9 < 30);
    }
}
