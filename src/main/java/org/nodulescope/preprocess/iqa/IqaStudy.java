package org.nodulescope.preprocess.iqa;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.DatasetListener;
import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.preprocess.LungsNotFoundException;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * The paper's image-quality study over a data set: {@link ScanQuality} for every scan, then paired
 * t-tests (CLAHE against original) across scans for BRISQUE and entropy.
 */
public final class IqaStudy {

    /** @param lungMasked measure lung-masked images instead of whole windowed slices */
    public record Settings(int sliceStep, boolean lungMasked) {
        public Settings {
            if (sliceStep < 1) {
                throw new IllegalArgumentException("slice step must be >= 1, got " + sliceStep);
            }
        }
    }

    /** {@code lungMask} is none (whole slices measured), provided or automatic. */
    public record ScanRow(String seriesUid, ScanQuality.Result quality, String lungMask) {}

    /** Means and paired tests; {@code brisque} is empty when no model was available. */
    public record Summary(int scans, double psnrMeanDb, double psnrSdDb,
            double entropyOriginal, double entropyClahe, PairedTTest.Result entropyTest,
            Optional<Double> brisqueOriginal, Optional<Double> brisqueClahe,
            Optional<PairedTTest.Result> brisqueTest, String brisqueNote) {}

    public record Outcome(List<ScanRow> rows, Summary summary, List<String> failures) {}

    private final Settings settings;
    private final Optional<BrisqueModel> model;
    private final String brisqueNote;

    /**
     * @param brisqueNote why BRISQUE is missing when {@code model} is empty, else where it came from
     */
    public IqaStudy(Settings settings, Optional<BrisqueModel> model, String brisqueNote) {
        this.settings = settings;
        this.model = model;
        this.brisqueNote = brisqueNote;
    }

    public Outcome run(Path dataRoot, DatasetListener listener) throws IOException {
        LunaDataset data = LunaDataset.open(dataRoot);
        ScanQuality quality = new ScanQuality(HuWindow.PAPER, ClaheFilter.withDefaults(),
                model.map(Brisque::new).orElse(null));
        LungMasker masker = new LungMasker();
        List<ScanRow> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Path> scans = data.scans();
        for (int i = 0; i < scans.size(); i++) {
            Path file = scans.get(i);
            String uid = LunaDataset.seriesUid(file);
            listener.scanStarted(i, scans.size(), uid);
            try {
                Volume ct = MetaImageReader.read(file);
                VolumeMask lungs = null;
                String maskSource = "none";
                if (settings.lungMasked()) {
                    LungMasker.LungMask m = masker.forScan(ct, data.lungMask(uid).orElse(null));
                    lungs = m.mask();
                    maskSource = m.automatic() ? "automatic" : "provided";
                    if (m.automatic()) {
                        listener.warning(uid + ": no LUNA16 lung mask, segmented automatically");
                    }
                }
                rows.add(new ScanRow(uid, quality.measure(ct, lungs, settings.sliceStep()),
                        maskSource));
            } catch (IOException e) {
                failures.add(e.getMessage());
                listener.warning("skipped unreadable scan: " + e.getMessage());
            } catch (LungsNotFoundException e) {
                String msg = file + ": lungs not found (" + e.getMessage() + "); skipped";
                failures.add(msg);
                listener.warning(msg);
            }
        }
        return new Outcome(rows, summarise(rows), failures);
    }

    Summary summarise(List<ScanRow> rows) {
        int n = rows.size();
        double[] psnr = rows.stream().mapToDouble(r -> r.quality().psnrDb())
                .filter(Double::isFinite).toArray();
        double[] eo = rows.stream().mapToDouble(r -> r.quality().entropyOriginal()).toArray();
        double[] ec = rows.stream().mapToDouble(r -> r.quality().entropyClahe()).toArray();
        org.apache.commons.math3.stat.descriptive.DescriptiveStatistics p =
                new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(psnr);
        PairedTTest.Result entropyTest = n >= 2 ? PairedTTest.of(ec, eo) : null;
        Optional<Double> bo = Optional.empty();
        Optional<Double> bc = Optional.empty();
        Optional<PairedTTest.Result> bt = Optional.empty();
        if (model.isPresent() && n > 0) {
            double[] o = rows.stream().mapToDouble(r -> r.quality().brisqueOriginal()).toArray();
            double[] c = rows.stream().mapToDouble(r -> r.quality().brisqueClahe()).toArray();
            bo = Optional.of(mean(o));
            bc = Optional.of(mean(c));
            bt = n >= 2 ? Optional.of(PairedTTest.of(c, o)) : Optional.empty();
        }
        return new Summary(n, p.getMean(), p.getStandardDeviation(), mean(eo), mean(ec),
                entropyTest, bo, bc, bt, brisqueNote);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
