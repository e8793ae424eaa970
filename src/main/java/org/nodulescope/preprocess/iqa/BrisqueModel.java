package org.nodulescope.preprocess.iqa;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodulescope.io.DataFileException;

/**
 * The trained BRISQUE regressor: OpenCV contrib's LIVE model ({@value #MODEL_FILE}, a
 * {@code cv::ml::SVM} epsilon-SVR with RBF kernel) and its feature ranges ({@value #RANGE_FILE}).
 * The files are not part of NoduleScope; they live in a folder beside it (SPEC §2: "data/brisque").
 */
public final class BrisqueModel {

    public static final String MODEL_FILE = "brisque_model_live.yml";
    public static final String RANGE_FILE = "brisque_range_live.yml";

    /** System property naming the model folder explicitly; checked before the usual places. */
    public static final String FOLDER_PROPERTY = "nodulescope.brisque.dir";
    /** System property naming the shared folder whose data/brisque holds the model (set by the build). */
    public static final String SHARED_PROPERTY = "nodulescope.shared.dir";

    private final Path folder;
    private final EpsilonSvr svr;
    private final FeatureRange range;

    private BrisqueModel(Path folder, EpsilonSvr svr, FeatureRange range) {
        this.folder = folder;
        this.svr = svr;
        this.range = range;
    }

    /**
     * Loads {@value #MODEL_FILE} and {@value #RANGE_FILE} from a folder.
     *
     * @throws DataFileException naming the file when one is missing, unreadable or not the
     *     expected model
     */
    public static BrisqueModel load(Path folder) throws DataFileException {
        Path modelFile = folder.resolve(MODEL_FILE);
        Path rangeFile = folder.resolve(RANGE_FILE);
        for (Path f : List.of(modelFile, rangeFile)) {
            if (!Files.isRegularFile(f)) {
                throw new DataFileException(f, "the BRISQUE model file is missing; put "
                        + MODEL_FILE + " and " + RANGE_FILE
                        + " (OpenCV contrib, modules/quality/samples) in " + folder.toAbsolutePath());
            }
        }
        EpsilonSvr svr = readSvr(modelFile, OpenCvYamlReader.read(modelFile, text(modelFile)));
        FeatureRange range = readRange(rangeFile, OpenCvYamlReader.read(rangeFile, text(rangeFile)));
        if (range.size() != svr.featureCount()) {
            throw new DataFileException(rangeFile, "holds ranges for " + range.size()
                    + " features but the model in " + MODEL_FILE + " takes " + svr.featureCount());
        }
        return new BrisqueModel(folder, svr, range);
    }

    /**
     * The first folder among {@link #defaultFolderCandidates()} that holds both model files, or
     * empty when none does (the caller can then say BRISQUE is missing and list where it looked).
     */
    public static Optional<Path> findDefaultFolder() {
        return defaultFolderCandidates().stream()
                .filter(d -> Files.isRegularFile(d.resolve(MODEL_FILE))
                        && Files.isRegularFile(d.resolve(RANGE_FILE)))
                .findFirst();
    }

    /**
     * Where the model is looked for, in order: the folder named by {@value #FOLDER_PROPERTY};
     * {@code data/brisque} beside the program (the folder of its jar, or of its classes); the
     * {@code data/brisque} of the folder named by {@value #SHARED_PROPERTY}; and
     * {@code ../shared/data/brisque} from the working directory (beside a source checkout).
     */
    public static List<Path> defaultFolderCandidates() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty(FOLDER_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        programFolder().ifPresent(p -> candidates.add(p.resolve("data").resolve("brisque")));
        String shared = System.getProperty(SHARED_PROPERTY);
        if (shared != null && !shared.isBlank()) {
            candidates.add(Path.of(shared).resolve("data").resolve("brisque"));
        }
        candidates.add(Path.of("..", "shared", "data", "brisque"));
        return candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    public Path folder() {
        return folder;
    }

    public int supportVectorCount() {
        return svr.supportVectorCount();
    }

    EpsilonSvr svr() {
        return svr;
    }

    FeatureRange range() {
        return range;
    }

    private static Optional<Path> programFolder() {
        try {
            CodeSource source = BrisqueModel.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(location) ? location : location.getParent());
        } catch (URISyntaxException | IllegalArgumentException
                | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String text(Path file) throws DataFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static EpsilonSvr readSvr(Path file, Map<String, Object> root) throws DataFileException {
        Map<String, Object> svm = map(file, root, "opencv_ml_svm");
        String type = string(file, svm, "svmType");
        if (!type.equals("EPS_SVR")) {
            throw new DataFileException(file, "holds a " + type + " model; BRISQUE needs EPS_SVR");
        }
        Map<String, Object> kernel = map(file, svm, "kernel");
        String kernelType = string(file, kernel, "type");
        if (!kernelType.equals("RBF")) {
            throw new DataFileException(file, "uses a " + kernelType + " kernel; BRISQUE needs RBF");
        }
        double gamma = number(file, kernel, "gamma");
        int varCount = (int) number(file, svm, "var_count");
        int svTotal = (int) number(file, svm, "sv_total");
        List<Object> vectors = list(file, svm, "support_vectors");
        if (vectors.size() != svTotal) {
            throw new DataFileException(file, "announces " + svTotal + " support vectors but holds "
                    + vectors.size());
        }
        float[][] sv = new float[svTotal][];
        for (int i = 0; i < svTotal; i++) {
            if (!(vectors.get(i) instanceof List<?> row) || row.size() != varCount) {
                throw new DataFileException(file, "support vector " + (i + 1) + " does not hold "
                        + varCount + " numbers");
            }
            sv[i] = new float[varCount];
            for (int k = 0; k < varCount; k++) {
                sv[i][k] = (float) parse(file, row.get(k), "support_vectors");
            }
        }
        List<Object> functions = list(file, svm, "decision_functions");
        if (functions.size() != 1 || !(functions.get(0) instanceof Map<?, ?>)) {
            throw new DataFileException(file, "a regression model has one decision function, found "
                    + functions.size());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> df = (Map<String, Object>) functions.get(0);
        int svCount = (int) number(file, df, "sv_count");
        if (svCount != svTotal || df.containsKey("index")) {
            throw new DataFileException(file, "the decision function must use all " + svTotal
                    + " support vectors in order");
        }
        double rho = number(file, df, "rho");
        List<Object> alphaList = list(file, df, "alpha");
        if (alphaList.size() != svTotal) {
            throw new DataFileException(file, "holds " + alphaList.size()
                    + " coefficients (alpha) for " + svTotal + " support vectors");
        }
        double[] alpha = new double[svTotal];
        for (int i = 0; i < svTotal; i++) {
            alpha[i] = parse(file, alphaList.get(i), "alpha");
        }
        return new EpsilonSvr(sv, alpha, rho, gamma);
    }

    private static FeatureRange readRange(Path file, Map<String, Object> root) throws DataFileException {
        Map<String, Object> matrix = map(file, root, "range");
        int rows = (int) number(file, matrix, "rows");
        int cols = (int) number(file, matrix, "cols");
        List<Object> data = list(file, matrix, "data");
        if (rows != 2 || data.size() != rows * cols) {
            throw new DataFileException(file, "the range matrix must be 2 x n (minima, maxima) with "
                    + "all its numbers; found " + rows + " x " + cols + " with " + data.size());
        }
        float[] min = new float[cols];
        float[] max = new float[cols];
        for (int i = 0; i < cols; i++) {
            min[i] = (float) parse(file, data.get(i), "range");
            max[i] = (float) parse(file, data.get(cols + i), "range");
        }
        return new FeatureRange(min, max);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, Map<String, Object> parent, String key)
            throws DataFileException {
        if (parent.get(key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw missing(file, key);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Path file, Map<String, Object> parent, String key)
            throws DataFileException {
        if (parent.get(key) instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw missing(file, key);
    }

    private static String string(Path file, Map<String, Object> parent, String key)
            throws DataFileException {
        if (parent.get(key) instanceof String s) {
            return s;
        }
        throw missing(file, key);
    }

    private static double number(Path file, Map<String, Object> parent, String key)
            throws DataFileException {
        return parse(file, parent.get(key), key);
    }

    private static double parse(Path file, Object value, String key) throws DataFileException {
        if (!(value instanceof String s)) {
            throw missing(file, key);
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "'" + key + "' holds '" + s + "', not a number");
        }
    }

    private static DataFileException missing(Path file, String key) {
        return new DataFileException(file, "has no usable '" + key
                + "' entry; is this OpenCV's BRISQUE model (" + MODEL_FILE + ", " + RANGE_FILE + ")?");
    }
}
