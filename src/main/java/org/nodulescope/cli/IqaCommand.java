package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nodulescope.preprocess.iqa.BrisqueModel;
import org.nodulescope.preprocess.iqa.IqaReport;
import org.nodulescope.preprocess.iqa.IqaStudy;
import org.nodulescope.preprocess.iqa.PairedTTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nodulescope iqa}: PSNR, BRISQUE and entropy before and after CLAHE, per scan. */
@Command(name = "iqa", mixinStandardHelpOptions = true,
        description = "Image quality before and after CLAHE (paper §4.1): per-scan CSV, summary"
                + " JSON with paired t-tests, and the plots of Fig. 7-10.")
public final class IqaCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "LUNA16-layout folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--brisque-model", paramLabel = "DIR", description = "Folder with "
            + BrisqueModel.MODEL_FILE + " and " + BrisqueModel.RANGE_FILE
            + " (default: the LIVE model that ships with NoduleScope).")
    Path brisqueModel;

    @Option(names = "--slice-step", defaultValue = "1",
            description = "Measure every N-th slice (default ${DEFAULT-VALUE}: all).")
    int sliceStep;

    @Option(names = "--lung-masked", description = "Measure lung-masked images instead of whole"
            + " windowed slices.")
    boolean lungMasked;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BrisqueModel brisque = brisqueModel != null ? BrisqueModel.load(brisqueModel)
                : BrisqueModel.bundled();
        Optional<BrisqueModel> model = Optional.of(brisque);
        String note = brisque.source();
        IqaStudy.Settings settings = new IqaStudy.Settings(sliceStep, lungMasked);
        IqaStudy.Outcome outcome = new IqaStudy(settings, model, note).run(data,
                new ConsoleDatasetListener(err));
        var files = IqaReport.write(outcome, settings, this.out);
        IqaStudy.Summary s = outcome.summary();
        out.printf("Scans measured: %d%n", s.scans());
        out.printf("PSNR (original vs CLAHE): mean %.2f dB, sd %.2f%n", s.psnrMeanDb(),
                s.psnrSdDb());
        out.printf("Entropy: original %.3f, CLAHE %.3f bits; %s%n", s.entropyOriginal(),
                s.entropyClahe(), test(s.entropyTest()));
        if (s.brisqueOriginal().isPresent()) {
            out.printf("BRISQUE: original %.2f, CLAHE %.2f; %s; %s%n", s.brisqueOriginal().get(),
                    s.brisqueClahe().get(), test(s.brisqueTest().orElse(null)), note);
        } else {
            out.println("BRISQUE: no slice was scored (" + note + ")");
        }
        out.println("Wrote " + files.size() + " files to " + this.out);
        out.flush();
        if (!outcome.failures().isEmpty()) {
            err.printf("iqa: %d scan(s) failed:%n", outcome.failures().size());
            outcome.failures().forEach(f -> err.println("  " + f));
            err.flush();
            return 1;
        }
        return 0;
    }

    private static String test(PairedTTest.Result t) {
        return t == null ? "paired t-test needs at least 2 scans"
                : String.format("paired t = %.4f, p = %.3g (n = %d)", t.t(), t.p(), t.n());
    }
}
