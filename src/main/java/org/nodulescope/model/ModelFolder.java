package org.nodulescope.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A trained network on disk: {@code parameters.bin} (DJL's block format), {@code config.json}
 * (the configuration that built the block) and {@code metadata.json} (format version, SHA-256 of
 * the configuration text and of the parameters, when written).
 *
 * <p>Loading checks all three before touching the block, so a folder whose parameters were
 * damaged, swapped or made for another configuration is refused with one sentence instead of
 * producing a network that quietly predicts nonsense. Files are written under temporary names and
 * moved into place, metadata last.
 */
public final class ModelFolder {

    public static final int FORMAT_VERSION = 1;
    public static final String PARAMETERS = "parameters.bin";
    public static final String CONFIG = "config.json";
    public static final String METADATA = "metadata.json";

    /** What {@code metadata.json} holds. */
    public record Metadata(int formatVersion, String configSha256, String parametersSha256,
            String created, String description) {}

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

    /** Writes {@code block}'s parameters with {@code configJson} into {@code folder}. */
    public static Metadata save(Path folder, Block block, String configJson, String description)
            throws IOException {
        Files.createDirectories(folder);
        Path params = folder.resolve(PARAMETERS);
        Path tmp = Files.createTempFile(folder, "." + PARAMETERS + ".", ".part");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    DataOutputStream out = new DataOutputStream(os)) {
                block.saveParameters(out);
            }
            Metadata meta = new Metadata(FORMAT_VERSION, sha256(configJson), sha256(tmp),
                    Instant.now().toString(), description);
            move(tmp, params);
            writeAtomically(folder.resolve(CONFIG), configJson.getBytes(StandardCharsets.UTF_8));
            writeAtomically(folder.resolve(METADATA), JSON.writeValueAsBytes(meta));
            return meta;
        } finally {
            Files.deleteIfExists(tmp);
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
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
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

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
                ".part");
        try {
            Files.write(tmp, bytes);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
