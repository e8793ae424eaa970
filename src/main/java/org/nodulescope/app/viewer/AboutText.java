package org.nodulescope.app.viewer;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.app.scan.UserFolder;
import org.nodulescope.io.ApplicationHome;
import org.nodulescope.io.BuildInfo;

/** The lines of the About box and of the keys-and-mouse help. */
public final class AboutText {

    private AboutText() {}

    /** Version and build: the program, Java, JavaFX, the bundled libtorch, the folders used. */
    public static List<String> about() {
        List<String> lines = new ArrayList<>();
        BuildInfo build = BuildInfo.current();
        lines.add(build.summary());
        lines.add("Lung-nodule detection and review in chest CT: a 2.5D multi-task Mask R-CNN"
                + " after Li & Honarvar Shakibaei Asli, Electronics 2026, 15(4), 736.");
        lines.add("");
        lines.add("Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        lines.add("JavaFX " + System.getProperty("javafx.runtime.version", "unknown"));
        lines.add(build.engine() + ", bundled; nothing is downloaded");
        lines.add(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB heap limit");
        lines.add("Program: " + ApplicationHome.candidates().get(0));
        lines.add("Settings and generated demo scan: " + UserFolder.root());
        return lines;
    }

    /** Every gesture and key of the slice view. */
    public static List<String> keysAndMouse() {
        return List.of(
                "Mouse wheel: previous / next slice",
                "Ctrl + wheel: zoom about the cursor",
                "Left or middle drag: pan",
                "Right drag: window (left/right) and level (up/down)",
                "Up / Left, Down / Right: previous / next slice",
                "Page Up / Page Down: " + DisplayModel.PAGE + " slices back / forward",
                "Home / End: first / last slice",
                "1 lung W1500 L-600, 2 mediastinum W350 L50, 3 bone W2000 L500,"
                        + " 4 the paper's [-1000, 400]",
                "R: reset zoom and pan",
                "M lung mask, B background colour, C CLAHE",
                "P predicted boxes, S predicted masks, G ground truth",
                "Ctrl+O open a file, Ctrl+Shift+O a DICOM folder; drop files on the window",
                "Ctrl+D detect, Ctrl+E export the list, Ctrl+Shift+E export the view");
    }
}
