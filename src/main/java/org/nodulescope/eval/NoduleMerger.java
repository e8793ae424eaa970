package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.volume.Box2D;

/**
 * Joins the slice detections of ONE scan into 3D nodule predictions (SPEC §5, the paper's
 * §3.4.2): two detections belong to the same nodule when their slices differ by at most
 * {@code sliceWindow} and their boxes overlap enough. Joining is transitive, so a nodule seen on
 * slices 10 to 20 becomes one prediction even though slices 10 and 20 are far apart.
 *
 * <p>The paper asks only for "sufficient spatial overlap". Ours is the intersection area over the
 * smaller box's area, at least {@code minOverlap} (0.3): unlike IoU it does not punish a nodule
 * whose cross-section shrinks towards its poles, where a small box sits inside a large one.
 * A box of zero area overlaps nothing.
 *
 * <p>The representative of a nodule is the member with the largest box (ties: the higher
 * probability, then the lower slice); its slice and box stand for the nodule. The nodule's
 * probability is the highest member probability. The result does not depend on the order of the
 * input.
 *
 * @param sliceWindow the largest slice difference that may join, at least 0; 3 in the paper
 * @param minOverlap the least intersection over the smaller box area, in (0, 1]
 */
public record NoduleMerger(int sliceWindow, double minOverlap) {

    /** Predictions first by decreasing probability; ties broken by position. */
    static final Comparator<MergedNodule> BY_PROBABILITY =
            Comparator.comparingDouble(MergedNodule::probability).reversed()
                    .thenComparingInt(MergedNodule::centreSlice)
                    .thenComparing(MergedNodule::box, DetectionOrder.BOX)
                    .thenComparingInt(MergedNodule::firstSlice)
                    .thenComparingInt(n -> n.members().size());

    private static final Comparator<SliceDetection> REPRESENTATIVE =
            Comparator.comparingDouble((SliceDetection d) -> d.box().area()).reversed()
                    .thenComparing(Comparator.comparingDouble(SliceDetection::probability)
                            .reversed())
                    .thenComparing(DetectionOrder.BY_SLICE_THEN_PROBABILITY);

    public NoduleMerger {
        if (sliceWindow < 0) {
            throw new IllegalArgumentException("slice window must be at least 0, got " + sliceWindow);
        }
        if (!(minOverlap > 0 && minOverlap <= 1)) {
            throw new IllegalArgumentException("minimum overlap must be in (0, 1], got " + minOverlap);
        }
    }

    /** The paper's window of 3 slices with our overlap of 0.3. */
    public static NoduleMerger paper() {
        return new NoduleMerger(3, 0.3);
    }

    /** Intersection area over the smaller box's area; 0 when either box has no area. */
    public static double overlap(Box2D a, Box2D b) {
        double smaller = Math.min(a.area(), b.area());
        return smaller > 0 ? a.intersectionArea(b) / smaller : 0;
    }

    /** Whether two detections join directly (before transitivity). */
    public boolean joins(SliceDetection a, SliceDetection b) {
        return Math.abs(a.slice() - b.slice()) <= sliceWindow
                && overlap(a.box(), b.box()) >= minOverlap;
    }

    /**
     * The 3D predictions of one scan's detections, by decreasing probability.
     */
    public List<MergedNodule> merge(List<SliceDetection> detections) {
        List<SliceDetection> sorted = new ArrayList<>(detections);
        sorted.sort(DetectionOrder.BY_SLICE_THEN_PROBABILITY);
        int n = sorted.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        // Sorted by slice, so the partners of i within the window are the run that follows it.
        for (int i = 0; i < n; i++) {
            SliceDetection a = sorted.get(i);
            for (int j = i + 1; j < n && sorted.get(j).slice() - a.slice() <= sliceWindow; j++) {
                if (overlap(a.box(), sorted.get(j).box()) >= minOverlap) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<SliceDetection>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(sorted.get(i));
        }
        List<MergedNodule> nodules = new ArrayList<>(groups.size());
        for (List<SliceDetection> members : groups.values()) {
            nodules.add(nodule(members));
        }
        nodules.sort(BY_PROBABILITY);
        return List.copyOf(nodules);
    }

    private static MergedNodule nodule(List<SliceDetection> members) {
        // members arrive in slice-then-probability order, which MergedNodule documents
        SliceDetection representative = members.stream().min(REPRESENTATIVE).orElseThrow();
        double probability = members.stream()
                .mapToDouble(SliceDetection::probability).max().orElseThrow();
        return new MergedNodule(members, members.get(0).slice(),
                members.get(members.size() - 1).slice(), representative.slice(),
                representative.box(), probability);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        // the smaller index stays root, so groups are found in the order of their first member
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }
}
