package org.nodulescope.app.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display pipeline of one scan: window/level, then CLAHE, then the lung mask, then the
 * background colour, each a typed {@link DisplayStep}. A stage that throws is logged (once per
 * distinct problem, not once per frame) and skipped, so the picture never goes blank.
 */
public final class DisplayChain {

    private static final Logger LOG = LoggerFactory.getLogger(DisplayChain.class);

    private final DisplayStep<Volume, UnitSlice> window;
    private final List<DisplayStep<UnitSlice, UnitSlice>> filters;
    private final DisplayStep<UnitSlice, ArgbSlice> colour;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public DisplayChain(DisplayStep<Volume, UnitSlice> window,
            List<DisplayStep<UnitSlice, UnitSlice>> filters,
            DisplayStep<UnitSlice, ArgbSlice> colour) {
        this.window = Objects.requireNonNull(window, "window");
        this.filters = List.copyOf(filters);
        this.colour = Objects.requireNonNull(colour, "colour");
    }

    /** The standard chain, with CLAHE served from {@code clahe}. */
    public static DisplayChain standard(ClaheSliceCache clahe) {
        return new DisplayChain(new WindowLevelStep(),
                List.of(new ClaheStep(clahe), new LungMaskStep()), new BackgroundStep());
    }

    /** The standard chain for {@code ct} with the SPEC's CLAHE (8 x 8 tiles, clip 2.0). */
    public static DisplayChain forScan(Volume ct) {
        return standard(new ClaheSliceCache(ct, ClaheFilter.withDefaults()));
    }

    public RenderedSlice render(SliceRequest request) {
        List<String> skipped = new ArrayList<>(0);
        UnitSlice unit = run(window, request.ct(), request, skipped);
        for (DisplayStep<UnitSlice, UnitSlice> f : filters) {
            unit = run(f, unit, request, skipped);
        }
        return new RenderedSlice(run(colour, unit, request, skipped), skipped);
    }

    private <I, O> O run(DisplayStep<I, O> step, I input, SliceRequest request,
            List<String> skipped) {
        if (!step.isActive(request)) {
            return step.skip(input, request);
        }
        try {
            return step.apply(input, request);
        } catch (RuntimeException e) {
            String problem = step.name() + " skipped: " + e.getMessage();
            if (reported.add(problem)) {
                LOG.warn("display step {} failed on slice {}, showing the image without it",
                        step.name(), request.z(), e);
            }
            skipped.add(problem);
            return step.skip(input, request);
        }
    }
}
