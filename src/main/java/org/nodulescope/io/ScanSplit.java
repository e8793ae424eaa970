package org.nodulescope.io;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which scans train and which validate, and the seed that drew them. Splits are by scan, so a
 * series uid is on one side only; keeping the seed lets a run be repeated and audited.
 */
public record ScanSplit(List<String> trainingUids, List<String> validationUids, long seed) {

    public ScanSplit {
        trainingUids = List.copyOf(trainingUids);
        validationUids = List.copyOf(validationUids);
        Set<String> training = distinct(trainingUids, "training");
        Set<String> validation = distinct(validationUids, "validation");
        for (String uid : validation) {
            if (training.contains(uid)) {
                throw new IllegalArgumentException("series uid " + uid
                        + " is in both training and validation; a scan belongs to one side only");
            }
        }
    }

    private static Set<String> distinct(List<String> uids, String side) {
        Set<String> seen = new HashSet<>();
        for (String uid : uids) {
            if (uid.isBlank()) {
                throw new IllegalArgumentException("the " + side + " list has an empty series uid");
            }
            if (!seen.add(uid)) {
                throw new IllegalArgumentException("series uid " + uid + " is listed twice in "
                        + side);
            }
        }
        return seen;
    }
}
