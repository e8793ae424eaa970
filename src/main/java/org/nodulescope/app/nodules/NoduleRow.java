package org.nodulescope.app.nodules;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nodulescope.volume.WorldPoint;

/**
 * One line of the nodule list: a predicted nodule (TP, FP, or unscored without ground truth) or
 * a missed annotated nodule (FN), with where to look at it.
 *
 * @param id 1, 2, ... for predictions by decreasing probability, then the missed nodules
 * @param status the verdict
 * @param probability the prediction's probability; empty for a missed nodule
 * @param centre centre in world millimetres
 * @param firstSlice first slice it covers
 * @param lastSlice last slice it covers
 * @param focusSlice the slice to show: the largest mask of a prediction, the centre slice of a
 *     missed nodule
 * @param focusX where to centre the view on that slice, pixel-edge coordinates
 * @param focusY likewise
 * @param longAxisMm long axis on the focus slice (for a missed nodule, its annotated diameter)
 * @param volumeMm3 volume of the predicted mask; empty for a missed nodule
 * @param type density type from the HU inside the mask, or "" when unknown
 */
public record NoduleRow(int id, NoduleStatus status, OptionalDouble probability,
        WorldPoint centre, int firstSlice, int lastSlice, int focusSlice, double focusX,
        double focusY, OptionalDouble longAxisMm, OptionalDouble volumeMm3, String type) {

    public NoduleRow {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(longAxisMm, "longAxisMm");
        Objects.requireNonNull(volumeMm3, "volumeMm3");
        Objects.requireNonNull(type, "type");
        if (firstSlice > lastSlice || focusSlice < firstSlice || focusSlice > lastSlice) {
            throw new IllegalArgumentException("slices need first <= focus <= last, got "
                    + firstSlice + ", " + focusSlice + ", " + lastSlice);
        }
    }

    /** "(-85.5, 9.2, -153.0)" */
    public String centreText() {
        return String.format(Locale.ROOT, "(%.1f, %.1f, %.1f)", centre.x(), centre.y(),
                centre.z());
    }

    /** "12-20", or "15" for a single slice. */
    public String slicesText() {
        return firstSlice == lastSlice ? Integer.toString(firstSlice)
                : firstSlice + "-" + lastSlice;
    }

    /**
     * Whether every whitespace-separated word of {@code filter} matches the row: a status (tp,
     * fp, fn), the start of its type, or a number equal to its id or inside its slice range.
     * Case does not matter; an empty filter matches every row.
     */
    public boolean matches(String filter) {
        for (String word : filter.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!word.isEmpty() && !matchesWord(word)) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesWord(String word) {
        if (word.equals(status.name().toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (!type.isEmpty() && type.toLowerCase(Locale.ROOT).startsWith(word)) {
            return true;
        }
        String digits = word.startsWith("#") ? word.substring(1) : word;
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)
                && digits.length() < 9) {
            int n = Integer.parseInt(digits);
            return n == id || !word.startsWith("#") && n >= firstSlice && n <= lastSlice;
        }
        return false;
    }
}
