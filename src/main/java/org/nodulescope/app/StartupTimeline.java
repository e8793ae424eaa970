package org.nodulescope.app;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * When each part of a cold start was done, counted from the moment the operating system started
 * the process (so the launcher and the JVM's own start are inside the figures): JavaFX up, the
 * window shown, the scan read, the lung mask found, the first slice drawn, the model ready. One
 * log line tells where the seconds of a slow start went.
 */
final class StartupTimeline {

    private final Instant processStart;
    private final Map<String, Long> marks = new LinkedHashMap<>();

    StartupTimeline() {
        this(ProcessHandle.current().info().startInstant().orElse(Instant.now()));
    }

    StartupTimeline(Instant processStart) {
        this.processStart = processStart;
    }

    /**
     * Notes an event the first time it happens; later calls with the same name are ignored.
     *
     * @param event what was done
     */
    synchronized void mark(String event) {
        marks.putIfAbsent(event, Duration.between(processStart, Instant.now()).toMillis());
    }

    /** @return whether the event was marked */
    synchronized boolean has(String event) {
        return marks.containsKey(event);
    }

    /** @return "startup (ms since the process started): JavaFX 812, window 1203, ..." */
    synchronized String summary() {
        StringJoiner j = new StringJoiner(", ", "startup (ms since the process started): ", "");
        marks.forEach((k, v) -> j.add(k + " " + v));
        return j.toString();
    }
}
