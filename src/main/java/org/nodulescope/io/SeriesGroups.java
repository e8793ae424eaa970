package org.nodulescope.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Groups table rows by series uid, for the per-scan loops of training and evaluation. */
final class SeriesGroups {

    private SeriesGroups() {}

    /**
     * Series in order of first appearance, rows in file order within each, so that results and
     * reports follow the file and runs repeat exactly. The map and lists are unmodifiable.
     */
    static <T> Map<String, List<T>> bySeries(Collection<? extends T> rows,
            Function<? super T, String> seriesUid) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T row : rows) {
            groups.computeIfAbsent(seriesUid.apply(row), uid -> new ArrayList<>()).add(row);
        }
        groups.replaceAll((uid, list) -> Collections.unmodifiableList(list));
        return Collections.unmodifiableMap(groups);
    }
}
