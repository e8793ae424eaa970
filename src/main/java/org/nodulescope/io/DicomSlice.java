package org.nodulescope.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One CT slice of a DICOM series: where it lies and how to turn its stored values into Hounsfield
 * units, checked and parsed from its header.
 *
 * <p>Frame: positions and direction cosines are in the DICOM patient frame (LPS: x towards the
 * patient's left, y posterior, z superior), in millimetres. {@code position} is the centre of the
 * first transmitted pixel (column 0, row 0); {@code rowCosine} points along a row, i.e. towards
 * increasing column index (image x), and {@code columnCosine} along a column, towards increasing row
 * index (image y). Both cosines are normalised to unit length here.
 *
 * @param rowSpacing distance between the centres of neighbouring rows (along y), first value of
 *     PixelSpacing (0028,0030)
 * @param columnSpacing distance between the centres of neighbouring columns (along x), second value
 *     of PixelSpacing
 * @param sliceThickness SliceThickness (0018,0050) in mm, or NaN when absent
 */
record DicomSlice(
        DicomFileHeader header,
        OptionalInt instanceNumber,
        double[] position,
        double[] rowCosine,
        double[] columnCosine,
        double rowSpacing,
        double columnSpacing,
        int rows,
        int columns,
        double sliceThickness,
        double rescaleSlope,
        double rescaleIntercept) {

    /** Cosines off unit length or off perpendicular by more than this are not an orientation. */
    private static final double COSINE_TOLERANCE = 1e-3;

    static DicomSlice of(DicomFileHeader h) throws DataFileException {
        Path file = h.file();
        int rows = h.requireInteger(DicomTag.ROWS);
        int columns = h.requireInteger(DicomTag.COLUMNS);
        if (rows <= 0 || columns <= 0) {
            throw new DataFileException(file, "the image is " + columns + " x " + rows
                    + " pixels (columns x rows), which is empty; the file is damaged");
        }
        double[] spacing = h.decimals(DicomTag.PIXEL_SPACING, 2);
        if (!(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new DataFileException(file, DicomTag.PIXEL_SPACING + " is " + spacing[0] + "\\"
                    + spacing[1] + " mm, but pixel spacing must be positive; the file is damaged");
        }
        double[] iop = h.decimals(DicomTag.IMAGE_ORIENTATION_PATIENT, 6);
        double[] row = {iop[0], iop[1], iop[2]};
        double[] col = {iop[3], iop[4], iop[5]};
        double rowLength = Vectors.norm(row);
        double colLength = Vectors.norm(col);
        if (Math.abs(rowLength - 1) > COSINE_TOLERANCE || Math.abs(colLength - 1) > COSINE_TOLERANCE
                || Math.abs(Vectors.dot(row, col)) > COSINE_TOLERANCE) {
            throw new DataFileException(file, DicomTag.IMAGE_ORIENTATION_PATIENT + " is "
                    + h.requireText(DicomTag.IMAGE_ORIENTATION_PATIENT)
                    + ", which is not two perpendicular unit vectors; the file is damaged");
        }
        double slope = h.decimal(DicomTag.RESCALE_SLOPE, 1.0);
        if (slope == 0) {
            throw new DataFileException(file, DicomTag.RESCALE_SLOPE
                    + " is 0, which would make every voxel the same value; the file is damaged");
        }
        return new DicomSlice(
                h,
                h.integer(DicomTag.INSTANCE_NUMBER),
                h.decimals(DicomTag.IMAGE_POSITION_PATIENT, 3),
                Vectors.scale(row, 1 / rowLength),
                Vectors.scale(col, 1 / colLength),
                spacing[0],
                spacing[1],
                rows,
                columns,
                h.decimal(DicomTag.SLICE_THICKNESS, Double.NaN),
                slope,
                h.decimal(DicomTag.RESCALE_INTERCEPT, 0.0));
    }

    Path file() {
        return header.file();
    }

    /** Unit normal of the image plane, {@code rowCosine x columnCosine}. */
    double[] normal() {
        double[] n = Vectors.cross(rowCosine, columnCosine);
        return Vectors.scale(n, 1 / Vectors.norm(n));
    }

    /** For messages: the file name and, when known, the instance number. */
    String label() {
        String name = String.valueOf(file().getFileName());
        return instanceNumber.isPresent()
                ? name + " (instance " + instanceNumber.getAsInt() + ")"
                : name;
    }

    /** For messages: the label plus where the slice lies along {@code normal}. */
    String labelAt(double[] normal) {
        return label() + String.format(Locale.ROOT, " at %.3f mm", Vectors.dot(position, normal));
    }
}
