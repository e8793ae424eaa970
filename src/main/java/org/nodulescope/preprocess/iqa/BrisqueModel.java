package org.nodulescope.preprocess.iqa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;

/**
 * The trained BRISQUE regressor: OpenCV contrib's LIVE model ({@value #MODEL_FILE}, a
 * {@code cv::ml::SVM} epsilon-SVR with RBF kernel) and its feature ranges ({@value #RANGE_FILE}).
 * The LIVE files ship inside NoduleScope's jar (Apache-2.0 data, NOTICE beside them under
 * {@value #BUNDLED_FOLDER}); a user can still point {@link #load(Path)} at another pair.
 */
public final class BrisqueModel {

    public static final String MODEL_FILE = "brisque_model_live.yml";
    public static final String RANGE_FILE = "brisque_range_live.yml";

    /** Class-path folder of the bundled LIVE model (copied there from assets/brisque by the build). */
    static final String BUNDLED_FOLDER = "/org/nodulescope/preprocess/iqa/brisque/";

    private final String source;
    private final EpsilonSvr svr;
    private final FeatureRange range;

    private BrisqueModel(String source, EpsilonSvr svr, FeatureRange range) {
        this.source = source;
        this.svr = svr;
        this.range = range;
    }

    /**
     * The LIVE model that ships inside the program.
     *
     * @throws IllegalStateException when the program was built without it (a broken build, not
     *     a user error: the files come from assets/brisque)
     */
    public static BrisqueModel bundled() {
        try {
            Path modelName = Path.of(BUNDLED_FOLDER + MODEL_FILE);
            Path rangeName = Path.of(BUNDLED_FOLDER + RANGE_FILE);
            return of("the bundled LIVE model (OpenCV contrib)",
                    modelName, resourceText(MODEL_FILE), rangeName, resourceText(RANGE_FILE));
        } catch (DataFileException e) {
            throw new IllegalStateException("the bundled BRISQUE model is damaged: "
                    + e.getMessage() + "; rebuild NoduleScope from a clean checkout", e);
        }
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
                        + " (OpenCV contrib, modules/quality/samples) in " + folder.toAbsolutePath()
                        + ", or leave out --brisque-model to use the bundled LIVE model");
            }
        }
        return of("the model in " + folder.toAbsolutePath().normalize(),
                modelFile, text(modelFile), rangeFile, text(rangeFile));
    }

    private static BrisqueModel of(String source, Path modelFile, String modelText, Path rangeFile,
            String rangeText) throws DataFileException {
        EpsilonSvr svr = readSvr(modelFile, OpenCvYamlReader.read(modelFile, modelText));
        FeatureRange range = readRange(rangeFile, OpenCvYamlReader.read(rangeFile, rangeText));
        if (range.size() != svr.featureCount()) {
            throw new DataFileException(rangeFile, "holds ranges for " + range.size()
                    + " features but the model in " + MODEL_FILE + " takes " + svr.featureCount());
        }
        return new BrisqueModel(source, svr, range);
    }

    /** Where the model came from, for reports: a folder, or the bundled model. */
    public String source() {
        return source;
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

    private static String resourceText(String name) {
        try (InputStream in = BrisqueModel.class.getResourceAsStream(BUNDLED_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the program was built without its BRISQUE model ("
                        + BUNDLED_FOLDER + name + " is not on the class path); rebuild it from a"
                        + " checkout that has assets/brisque");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled BRISQUE model " + name, e);
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
