package org.nodulescope.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A trained network on disk: {@code parameters.bin} (DJL's block format), {@code config.json}
 * (the configuration that built the block), optionally {@code preprocessing.json} (the
 * {@link InputRecipe} its inputs were made with) and {@code metadata.json} (format version,
 * SHA-256 of the configuration text, of the parameters and of the recipe, when written).
 *
 * <p>{@code preprocessing.json} is optional so that folders written before it existed, and
 * imported torchvision weights, still load: without it the recipe is the paper's
 * ({@link InputRecipe#paper}) for the configuration's input channels.
 *
 * <p>Loading checks all three before touching the block, so a folder whose parameters were
 * damaged, swapped or made for another configuration is refused with one sentence instead of
 * producing a network that quietly predicts nonsense.
 *
 * <p>A model is written into a new or empty folder, {@code metadata.json} last: a save cut short
 * leaves a folder without metadata, which loading refuses. Nothing here replaces a model folder:
 * a caller that does (a training checkpoint, an import over an earlier one) saves into a staging
 * folder and swaps it in whole with {@code io.AtomicFolders}, which this package does not see,
 * so that the folder is always the old model or the new one, never a mix of both.
 */
public final class ModelFolder {

    public static final int FORMAT_VERSION = 1;
    public static final String PARAMETERS = "parameters.bin";
    public static final String CONFIG = "config.json";
    public static final String METADATA = "metadata.json";
    public static final String PREPROCESSING = "preprocessing.json";

    /**
     * What {@code metadata.json} holds.
     *
     * @param preprocessingSha256 SHA-256 of {@code preprocessing.json}, or null when the folder
     *     has none (older folders)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(int formatVersion, String configSha256, String parametersSha256,
            String created, String description, String preprocessingSha256) {}

    /** Thrown when a model folder cannot be used; the message names the folder and the file. */
    public static final class InvalidModelException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFolder() {}

    /**
     * Writes {@code block}'s parameters with {@code configJson} into {@code folder}, which must be
     * new or empty.
     */
    public static Metadata save(Path folder, Block block, String configJson, String description)
            throws IOException {
        return save(folder, block, configJson, description, null);
    }

    /**
     * Writes {@code block}'s parameters with {@code configJson} and the recipe into
     * {@code folder}, which must be new or empty; {@code metadata.json} goes last.
     *
     * @param recipe how the inputs were made; null writes no {@code preprocessing.json}
     * @throws FileAlreadyExistsException when {@code folder} holds files or is a file
     */
    public static Metadata save(Path folder, Block block, String configJson, String description,
            InputRecipe recipe) throws IOException {
        requireNewFolder(folder);
        Files.createDirectories(folder);
        Path params = folder.resolve(PARAMETERS);
        try (OutputStream os = new BufferedOutputStream(
                Files.newOutputStream(params, StandardOpenOption.CREATE_NEW), 1 << 16);
                DataOutputStream out = new DataOutputStream(os)) {
            block.saveParameters(out);
        }
        byte[] recipeJson = recipe == null ? null : JSON.writeValueAsBytes(recipe);
        Metadata meta = new Metadata(FORMAT_VERSION, sha256(configJson), sha256(params),
                Instant.now().toString(), description,
                recipeJson == null ? null : sha256(recipeJson));
        Files.write(folder.resolve(CONFIG), configJson.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE_NEW);
        if (recipeJson != null) {
            Files.write(folder.resolve(PREPROCESSING), recipeJson, StandardOpenOption.CREATE_NEW);
        }
        Files.write(folder.resolve(METADATA), JSON.writeValueAsBytes(meta),
                StandardOpenOption.CREATE_NEW);
        return meta;
    }

    private static void requireNewFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isEmpty()) {
                    return;
                }
            }
            throw new FileAlreadyExistsException(folder.toString(), null, "holds files already;"
                    + " save the model into a new or empty folder (to replace a model, save into"
                    + " a staging folder and swap the whole folder in)");
        }
        if (Files.exists(folder)) {
            throw new FileAlreadyExistsException(folder.toString(), null,
                    "is a file; save the model into a new or empty folder");
        }
    }

    /** The configuration text of a folder, after checking it against the metadata. */
    public static String readConfig(Path folder) throws IOException {
        Metadata meta = readMetadata(folder);
        String config = read(folder, CONFIG);
        if (!sha256(config).equals(meta.configSha256())) {
            throw invalid(folder, CONFIG + " does not match the configuration the parameters were"
                    + " saved with (its SHA-256 differs from " + METADATA + "); restore the"
                    + " original file or save the model again", null);
        }
        return config;
    }

    /**
     * The recipe a model's inputs must be made with: {@code preprocessing.json} checked against
     * the metadata, or the paper's recipe for the configuration's input channels when the
     * folder has none. Its slice count must equal the configuration's input channels.
     *
     * @param folder a model folder of a {@link MaskRcnn}
     * @return the recipe
     * @throws InvalidModelException when the file is damaged, was added or removed after the
     *     model was saved, or its slice count is not the model's input channel count (both
     *     numbers named)
     */
    public static InputRecipe readRecipe(Path folder) throws IOException {
        Metadata meta = readMetadata(folder);
        int channels;
        try {
            channels = MaskRcnnConfig.fromJson(readConfig(folder)).backbone().inputChannels();
        } catch (IllegalArgumentException e) {
            throw invalid(folder, CONFIG + " is not a valid model configuration ("
                    + e.getMessage() + ")", e);
        }
        Path file = folder.resolve(PREPROCESSING);
        if (meta.preprocessingSha256() == null) {
            if (Files.exists(file)) {
                throw invalid(folder, PREPROCESSING + " is not covered by " + METADATA
                        + " (it was added after the model was saved); remove it or save the"
                        + " model again with its recipe", null);
            }
            return InputRecipe.paper(channels);
        }
        String text = read(folder, PREPROCESSING);
        if (!sha256(text).equals(meta.preprocessingSha256())) {
            throw invalid(folder, PREPROCESSING + " does not match the recipe the model was saved"
                    + " with (its SHA-256 differs from " + METADATA + "); restore the original"
                    + " file or save the model again", null);
        }
        InputRecipe recipe;
        try {
            recipe = JSON.readValue(text, InputRecipe.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw invalid(folder, PREPROCESSING + " is not a valid preprocessing recipe ("
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()) + ")", e);
        }
        if (recipe.slices() != channels) {
            throw invalid(folder, PREPROCESSING + " stacks " + recipe.slices() + " slices but "
                    + CONFIG + " gives the model " + channels + " input channels; the folder"
                    + " is inconsistent, save the model again with the right recipe", null);
        }
        return recipe;
    }

    /**
     * Loads the parameters into {@code block}, which must have been built from
     * {@code expectedConfigJson}; every check runs before the block is touched. The arrays are
     * created in {@code manager}.
     */
    public static Metadata load(Path folder, Block block, NDManager manager,
            String expectedConfigJson) throws IOException {
        Metadata meta = readMetadata(folder);
        String config = readConfig(folder);
        if (!sha256(expectedConfigJson).equals(sha256(config))) {
            throw invalid(folder, "holds a model for another configuration (config.json differs"
                    + " from the one requested); choose the matching configuration or another"
                    + " model folder", null);
        }
        Path params = folder.resolve(PARAMETERS);
        if (!Files.exists(params)) {
            throw invalid(folder, PARAMETERS + " is missing", null);
        }
        if (!sha256(params).equals(meta.parametersSha256())) {
            throw invalid(folder, PARAMETERS + " is damaged or was replaced (its SHA-256 differs"
                    + " from " + METADATA + "); copy the model folder again", null);
        }
        try (InputStream is = new BufferedInputStream(Files.newInputStream(params), 1 << 16);
                DataInputStream in = new DataInputStream(is)) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw invalid(folder, PARAMETERS + " does not fit this network (" + e.getMessage()
                    + ")", e);
        }
        return meta;
    }

    public static Metadata readMetadata(Path folder) throws IOException {
        String text = read(folder, METADATA);
        Metadata meta;
        try {
            meta = JSON.readValue(text, Metadata.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw invalid(folder, METADATA + " is not valid model metadata ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (meta.formatVersion() != FORMAT_VERSION) {
            throw invalid(folder, "uses model format version " + meta.formatVersion()
                    + " but this NoduleScope reads version " + FORMAT_VERSION
                    + "; use a matching NoduleScope or export the model again", null);
        }
        return meta;
    }

    private static String read(Path folder, String name) throws IOException {
        try {
            return Files.readString(folder.resolve(name));
        } catch (NoSuchFileException e) {
            throw invalid(folder, name + " is missing; this is not a complete NoduleScope model"
                    + " folder", e);
        }
    }

    private static InvalidModelException invalid(Path folder, String problem, Throwable cause) {
        return new InvalidModelException(folder + ": " + problem, cause);
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
