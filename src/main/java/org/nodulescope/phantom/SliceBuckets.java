package org.nodulescope.phantom;

import java.util.List;

/**
 * For every slice, the indices (in painting order) of the scene items that may reach it, so a
 * slice only visits the few hundred of the tens of thousands of vessel pieces that cross it.
 */
final class SliceBuckets {

    private final int[][] buckets;

    SliceBuckets(List<SceneItem> items, ScanProtocol protocol) {
        int nz = protocol.size().z();
        var sp = protocol.geometry().spacing();
        double oz = protocol.geometry().origin().z();
        double sz = sp.z();
        double margin = sz + sp.x() + sp.y();
        int[] from = new int[items.size()];
        int[] to = new int[items.size()];
        int[] counts = new int[nz];
        for (int n = 0; n < items.size(); n++) {
            Shape s = items.get(n).shape();
            double k0 = Math.ceil((s.zMin() - margin - oz) / sz);
            double k1 = Math.floor((s.zMax() + margin - oz) / sz);
            from[n] = (int) Math.max(0, k0);
            to[n] = (int) Math.min(nz - 1, k1);
            for (int k = from[n]; k <= to[n]; k++) {
                counts[k]++;
            }
        }
        buckets = new int[nz][];
        for (int k = 0; k < nz; k++) {
            buckets[k] = new int[counts[k]];
        }
        int[] fill = new int[nz];
        for (int n = 0; n < items.size(); n++) {
            for (int k = from[n]; k <= to[n]; k++) {
                buckets[k][fill[k]++] = n;
            }
        }
    }

    int[] slice(int k) {
        return buckets[k];
    }
}
