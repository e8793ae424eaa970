package org.nodulescope.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/**
 * The slices of one series in volume order, with the voxel grid they form.
 *
 * <p>Slices are ordered by their position along the image-plane normal ({@code rowCosine x
 * columnCosine}), ascending, never by instance number: scanners number slices in either direction
 * and sometimes out of order. Index axes: x = column (along the row cosine), y = row (along the
 * column cosine), z = slice. The world frame is the DICOM patient frame (LPS, mm).
 *
 * <p>The z axis of the direction matrix is the normal, except for a gantry-tilted series, whose
 * slices are shifted within their plane from one to the next: there it is the actual step between
 * slice positions, so that every slice lands where its header says (the matrix is then sheared).
 */
record DicomSliceStack(List<DicomSlice> slices, GridSize size, VoxelGeometry geometry) {

    /** Largest difference of a direction cosine between slices of one series. */
    static final double ORIENTATION_TOLERANCE = 1e-4;
    /** Largest relative deviation of a slice gap from the series' typical gap. */
    static final double GAP_RELATIVE_TOLERANCE = 0.01;
    /** Positions are often written with a few decimals: absorb that rounding, in mm. */
    static final double POSITION_ROUNDING_MM = 1e-3;
    /** In-plane offsets smaller than this fraction of a pixel cannot be seen: ignore them. */
    static final double IN_PLANE_TOLERANCE_PIXELS = 0.1;
    /** Slice thickness assumed for a single slice without SliceThickness (0018,0050), in mm. */
    static final double DEFAULT_SINGLE_SLICE_SPACING_MM = 1.0;
    private static final int MAX_LISTED = 8;

    DicomSliceStack {
        slices = List.copyOf(slices);
    }

    /**
     * Orders the slices of one series and derives their voxel grid.
     *
     * @param folder the series' folder, for messages
     * @param series at least one slice, all with the same SeriesInstanceUID
     * @throws DataFileException when the slices differ in size, orientation or pixel spacing, when
     *     two share a position, or when their gaps are uneven (which includes a missing slice)
     */
    static DicomSliceStack arrange(Path folder, List<DicomSlice> series) throws DataFileException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("A series needs at least one slice");
        }
        DicomSlice first = series.get(0);
        for (DicomSlice s : series) {
            checkSameFrame(folder, first, s);
        }
        double[] normal = first.normal();
        List<DicomSlice> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparingDouble((DicomSlice s) -> Vectors.dot(s.position(), normal))
                .thenComparing(s -> s.file().toString()));

        GridSize size = new GridSize(first.columns(), first.rows(), sorted.size());
        double[] zAxis = normal;
        double zSpacing;
        if (sorted.size() == 1) {
            double t = first.sliceThickness();
            zSpacing = t > 0 ? t : DEFAULT_SINGLE_SLICE_SPACING_MM;
        } else {
            zSpacing = checkGaps(folder, sorted, normal);
            double[] step = meanStep(sorted);
            checkStraightLine(folder, sorted, step, normal);
            double[] inPlane = Vectors.minus(step, Vectors.scale(normal, Vectors.dot(step, normal)));
            double drift = Vectors.norm(inPlane) * (sorted.size() - 1);
            if (drift > inPlaneTolerance(first)) {
                // Gantry tilt: follow the slices rather than the normal.
                zSpacing = Vectors.norm(step);
                zAxis = Vectors.scale(step, 1 / zSpacing);
            }
        }
        double[] p0 = sorted.get(0).position();
        VoxelGeometry geometry = new VoxelGeometry(
                new WorldPoint(p0[0], p0[1], p0[2]),
                new Spacing(first.columnSpacing(), first.rowSpacing(), zSpacing),
                Direction.ofAxes(first.rowCosine(), first.columnCosine(), zAxis));
        return new DicomSliceStack(sorted, size, geometry);
    }

    private static void checkSameFrame(Path folder, DicomSlice a, DicomSlice b)
            throws DataFileException {
        if (a.rows() != b.rows() || a.columns() != b.columns()) {
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the slices of series %s differ in size: %s is %d x %d pixels but %s is"
                            + " %d x %d (columns x rows); keep only the slices of one"
                            + " reconstruction in the folder",
                    uid(a), a.label(), a.columns(), a.rows(), b.label(), b.columns(), b.rows()));
        }
        if (Vectors.maxDifference(a.rowCosine(), b.rowCosine()) > ORIENTATION_TOLERANCE
                || Vectors.maxDifference(a.columnCosine(), b.columnCosine())
                        > ORIENTATION_TOLERANCE) {
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the slices of series %s have inconsistent orientation: %s has %s %s but %s"
                            + " has %s; NoduleScope needs parallel slices, so remove localizer"
                            + " or reformatted images from the folder",
                    uid(a), a.label(), DicomTag.IMAGE_ORIENTATION_PATIENT,
                    cosines(a), b.label(), cosines(b)));
        }
        if (Math.abs(a.rowSpacing() - b.rowSpacing()) > POSITION_ROUNDING_MM
                || Math.abs(a.columnSpacing() - b.columnSpacing()) > POSITION_ROUNDING_MM) {
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the slices of series %s differ in %s: %s has %s\\%s mm but %s has %s\\%s"
                            + " mm; keep only the slices of one reconstruction in the folder",
                    uid(a), DicomTag.PIXEL_SPACING, a.label(), a.rowSpacing(), a.columnSpacing(),
                    b.label(), b.rowSpacing(), b.columnSpacing()));
        }
    }

    /**
     * Checks that consecutive slices are evenly spaced along the normal and returns the gap.
     * A gap close to a whole multiple of the usual one is reported as missing slices.
     */
    private static double checkGaps(Path folder, List<DicomSlice> sorted, double[] normal)
            throws DataFileException {
        int n = sorted.size();
        double[] along = new double[n];
        for (int i = 0; i < n; i++) {
            along[i] = Vectors.dot(sorted.get(i).position(), normal);
        }
        double[] gaps = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            gaps[i] = along[i + 1] - along[i];
            if (gaps[i] <= POSITION_ROUNDING_MM) {
                throw new DataFileException(folder, String.format(Locale.ROOT,
                        "%s and %s of series %s lie at the same position (%.3f mm along the"
                                + " slice normal); the folder holds a slice twice or two"
                                + " overlapping acquisitions: keep only one of them",
                        sorted.get(i).label(), sorted.get(i + 1).label(), uid(sorted.get(0)),
                        along[i]));
            }
        }
        double[] ordered = gaps.clone();
        Arrays.sort(ordered);
        double usual = ordered[(ordered.length - 1) / 2];
        double tolerance = Math.max(GAP_RELATIVE_TOLERANCE * usual, POSITION_ROUNDING_MM);
        for (int i = 0; i < n - 1; i++) {
            double gap = gaps[i];
            if (Math.abs(gap - usual) <= tolerance) {
                continue;
            }
            String between = sorted.get(i).labelAt(normal) + " and "
                    + sorted.get(i + 1).labelAt(normal);
            long multiple = Math.round(gap / usual);
            if (multiple >= 2 && Math.abs(gap - multiple * usual) <= multiple * tolerance) {
                long missing = multiple - 1;
                throw new DataFileException(folder, String.format(Locale.ROOT,
                        "series %s is missing %d slice%s: the gap between %s is %.3f mm where"
                                + " the others are %.3f mm; copy the complete series into the"
                                + " folder",
                        uid(sorted.get(0)), missing, missing == 1 ? "" : "s", between, gap, usual));
            }
            throw new DataFileException(folder, String.format(Locale.ROOT,
                    "the slices of series %s are unevenly spaced (gaps of %s mm along the slice"
                            + " normal): the gap between %s is %.3f mm where most are %.3f mm;"
                            + " NoduleScope needs a constant slice interval, so load a series"
                            + " reconstructed with one",
                    uid(sorted.get(0)), distinctGaps(gaps), between, gap, usual));
        }
        return (along[n - 1] - along[0]) / (n - 1);
    }

    /** Average step between consecutive slice positions (a world vector, mm). */
    private static double[] meanStep(List<DicomSlice> sorted) {
        double[] first = sorted.get(0).position();
        double[] last = sorted.get(sorted.size() - 1).position();
        return Vectors.scale(Vectors.minus(last, first), 1.0 / (sorted.size() - 1));
    }

    /**
     * Every slice must lie where a constant step from the first puts it, within its plane (the
     * spacing along the normal is checked by {@link #checkGaps}).
     */
    private static void checkStraightLine(Path folder, List<DicomSlice> sorted, double[] step,
            double[] normal) throws DataFileException {
        double[] p0 = sorted.get(0).position();
        double tolerance = Math.max(inPlaneTolerance(sorted.get(0)), POSITION_ROUNDING_MM);
        for (int k = 1; k < sorted.size(); k++) {
            double[] expected = {
                p0[0] + k * step[0], p0[1] + k * step[1], p0[2] + k * step[2]
            };
            double[] error = Vectors.minus(sorted.get(k).position(), expected);
            double off = Vectors.norm(
                    Vectors.minus(error, Vectors.scale(normal, Vectors.dot(error, normal))));
            if (off > tolerance) {
                throw new DataFileException(folder, String.format(Locale.ROOT,
                        "the slices of series %s are not stacked in a straight line: %s lies"
                                + " %.3f mm within its plane from where the first and last slices"
                                + " place it; keep only the slices of one acquisition in the"
                                + " folder",
                        uid(sorted.get(0)), sorted.get(k).label(), off));
            }
        }
    }

    private static double inPlaneTolerance(DicomSlice s) {
        return IN_PLANE_TOLERANCE_PIXELS * Math.min(s.rowSpacing(), s.columnSpacing());
    }

    /** The gap values, rounded to micrometres, for messages (at most {@code MAX_LISTED}). */
    private static String distinctGaps(double[] gaps) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double g : gaps) {
            distinct.add(Math.rint(g * 1000) / 1000);
        }
        String listed = distinct.stream().limit(MAX_LISTED)
                .map(g -> String.format(Locale.ROOT, "%.3f", g))
                .collect(Collectors.joining(", "));
        return distinct.size() > MAX_LISTED ? listed + ", ..." : listed;
    }

    private static String cosines(DicomSlice s) {
        return s.header().text(DicomTag.IMAGE_ORIENTATION_PATIENT).orElse("?");
    }

    private static String uid(DicomSlice s) {
        return s.header().text(DicomTag.SERIES_INSTANCE_UID).orElse("?");
    }
}
