package org.nodulescope.cli;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.NoduleSlice;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.eval.DetectionCounts;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Volume;

/**
 * {@code report.html}: one self-contained page (styles and pictures inlined) that a researcher
 * pages through after a detection run: per scan what was processed and how long it took, then
 * every finding with its picture (largest slice, lung window, box and mask), measurements and,
 * with ground truth, TP/FP/FN; missed nodules show the annotated box in red.
 *
 * <p>Written scan by scan into a temporary sibling and moved into place by {@link #finish}, so
 * the pictures never pile up in memory and an interrupted run leaves no half page.
 */
final class DetectionReport implements Closeable {

    private final Path target;
    private final Path temporary;
    private final BufferedWriter html;
    private boolean finished;

    /**
     * @param target where the page goes
     * @param title the heading, e.g. the model used
     * @param lines lines under the heading (model, device, ...)
     */
    DetectionReport(Path target, String title, Iterable<String> lines) throws IOException {
        this.target = target;
        this.temporary = AtomicFiles.temporarySibling(target);
        this.html = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                StandardCharsets.UTF_8));
        html.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>NoduleScope detections</title><style>"
                + "body{font-family:sans-serif;margin:1.5em;color:#222}"
                + "table{border-collapse:collapse;margin:.5em 0 1.5em}"
                + "td,th{border:1px solid #ccc;padding:3px 7px;text-align:right;"
                + "vertical-align:middle}th{background:#f0f0f0}"
                + "td.l{text-align:left}.TP{color:#1a7f37}.FP{color:#b35900}.FN{color:#c62828}"
                + ".note{color:#666;font-size:90%}h2{margin-top:1.8em;font-size:1.1em}"
                + "</style></head><body>\n");
        html.write("<h1>" + escape(title) + "</h1>\n");
        for (String line : lines) {
            html.write("<p>" + escape(line) + "</p>\n");
        }
        html.write("<p class=\"note\">Measurements are estimates from the model's masks; the"
                + " model learnt box-derived disc masks, not true nodule outlines. Pictures:"
                + " lung window W1500/L-600; green the prediction, red the annotation.</p>\n");
    }

    /**
     * Adds a scan's section.
     *
     * @param scan the result
     * @param truth its ground truth, or null
     * @param ct the scan's voxels, for the pictures
     * @param files the files written for it, relative to the report, shown as links
     */
    void addScan(ScanDetections scan, ScanTruth truth, Volume ct, Map<String, String> files)
            throws IOException {
        html.write("<h2>" + escape(scan.seriesUid()) + "</h2>\n<p class=\"note\">");
        html.write(escape(scan.source().map(Path::toString).orElse("(in memory)")) + "; "
                + escape(scan.lungMask().describe()) + "; ");
        if (scan.slicesProcessed() > 0) {
            html.write(escape(String.format(Locale.ROOT, "slices %d-%d, %s, %.1f s (%.2f s a"
                            + " slice)", scan.firstSlice(), scan.lastSlice(),
                    scan.window().cropped() ? "lung crop " + scan.window().width() + " x "
                            + scan.window().height() : "whole slices",
                    scan.timings().totalSeconds(),
                    scan.timings().inferenceSeconds() / scan.slicesProcessed())));
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            html.write("; <a href=\"" + escape(f.getValue()) + "\">" + escape(f.getKey())
                    + "</a>");
        }
        html.write("</p>\n");
        if (scan.problem().isPresent()) {
            html.write("<p class=\"FN\">No detections: " + escape(scan.problem().get())
                    + "</p>\n");
            return;
        }
        Map<MergedNodule, PredictionOutcome> outcomes = truth == null ? Map.of()
                : truth.outcomes();
        if (truth != null) {
            DetectionCounts c = truth.match().counts();
            html.write("<p>" + escape(String.format(Locale.ROOT, "Ground truth %s: %d nodule(s);"
                    + " TP %d, FP %d, FN %d", truth.annotations(), truth.truths().size(),
                    c.tp(), c.fp(), c.fn())) + "</p>\n");
        }
        if (scan.nodules().isEmpty() && (truth == null || truth.missed().isEmpty())) {
            html.write("<p>No nodules found.</p>\n");
            return;
        }
        html.write("<table><tr><th>picture</th><th>finding</th><th>status</th>"
                + "<th>probability</th><th>centre x, y, z (mm)</th><th>slices</th>"
                + "<th>long / short axis (mm)</th><th>volume (mm³)</th><th>mean / max HU</th>"
                + "<th>type</th></tr>\n");
        for (DetectedNodule n : scan.nodules()) {
            PredictionOutcome o = outcomes.get(n.merged());
            String status = o == null ? "" : o.status().name();
            int slice = n.largestSlice();
            Box2D box = boxOn(n, slice);
            SliceMask mask = n.mask().stream().filter(m -> m.slice() == slice)
                    .map(NoduleSlice::mask).findFirst().orElse(null);
            html.write("<tr><td>" + picture(ct, slice, box, mask, FindingThumbnail.PREDICTED)
                    + "</td><td class=\"l\">nodule " + n.rank() + "</td><td class=\"" + status
                    + "\">" + status + "</td>");
            html.write(cells(f("%.3f", n.probability()),
                    f("%.1f, %.1f, %.1f", n.centreWorld().x(), n.centreWorld().y(),
                            n.centreWorld().z()),
                    f("%d-%d (largest %d)", n.firstSlice(), n.lastSlice(), slice),
                    f("%.1f / %.1f", n.axes().longAxisMm(), n.axes().shortAxisMm()),
                    f("%.0f", n.volumeMm3()), f("%.0f / %.0f", n.hu().meanHu(), n.hu().maxHu()),
                    n.hu().type().name()));
            html.write("</tr>\n");
        }
        if (truth != null) {
            for (TruthNodule t : truth.missed()) {
                var c = truth.rows().get(t.id()).centre();
                html.write("<tr><td>" + picture(ct, t.centreSlice(), t.box(), null,
                        FindingThumbnail.TRUTH) + "</td><td class=\"l\">annotation " + t.id()
                        + "</td><td class=\"FN\">FN</td>");
                html.write(cells("", f("%.1f, %.1f, %.1f", c.x(), c.y(), c.z()),
                        Integer.toString(t.centreSlice()), f("diameter %.1f", t.diameterMm()),
                        "", "", ""));
                html.write("</tr>\n");
            }
        }
        html.write("</table>\n");
    }

    /** Adds a line for a scan that could not be processed. */
    void addFailure(String scan, String problem) throws IOException {
        html.write("<h2>" + escape(scan) + "</h2>\n<p class=\"FN\">Not processed: "
                + escape(problem) + "</p>\n");
    }

    /** Writes the closing lines and moves the page into place. */
    void finish(String summary) throws IOException {
        html.write("<h2>Summary</h2>\n<p>" + escape(summary) + "</p>\n</body></html>\n");
        html.close();
        AtomicFiles.moveIntoPlace(temporary, target);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            html.close();
            Files.deleteIfExists(temporary);
        }
    }

    /** Table cells of escaped values. */
    private static String cells(String... values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            b.append("<td>").append(escape(v)).append("</td>");
        }
        return b.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The box of the most probable member on {@code slice}, else the representative's. */
    private static Box2D boxOn(DetectedNodule n, int slice) {
        return n.merged().members().stream().filter(d -> d.slice() == slice)
                .max(Comparator.comparingDouble(SliceDetection::probability))
                .map(SliceDetection::box).orElse(n.box());
    }

    private static String picture(Volume ct, int slice, Box2D box, SliceMask mask,
            java.awt.Color colour) throws IOException {
        byte[] png = FindingThumbnail.png(FindingThumbnail.render(ct, slice, box, mask,
                colour));
        return "<img alt=\"slice " + slice + "\" width=\"" + FindingThumbnail.SIZE
                + "\" height=\"" + FindingThumbnail.SIZE + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
