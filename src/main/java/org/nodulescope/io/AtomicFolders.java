package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Replaces a whole folder so that it is always either the old one or the new one, never a mix:
 * the new content is written into a hidden staging sibling, the old folder is renamed aside, the
 * staged one renamed into place, and only then is the old one deleted. A crash between the two
 * renames leaves the old folder aside, which {@link #recover} puts back.
 */
public final class AtomicFolders {

    private AtomicFolders() {}

    /**
     * @param target the folder that will be replaced
     * @return a new empty staging folder beside it
     * @throws IOException when the parent cannot be written
     */
    public static Path stage(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String prefix = "." + target.getFileName() + ".staged-";
        // the folder becomes the user's output: rwxr-xr-x less the umask, not owner-only
        if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(parent, prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return Files.createTempDirectory(parent, prefix);
    }

    /**
     * Puts a staged folder in place of {@code target} (which may not exist yet).
     *
     * @param staged a folder made by {@link #stage}, complete
     * @param target the folder to replace
     * @throws IOException when a rename fails; the previous folder then stays where it was
     */
    public static void replace(Path staged, Path target) throws IOException {
        Path aside = null;
        if (Files.exists(target)) {
            // zero-padded wall time, so that names sort by age across processes
            aside = target.resolveSibling("." + target.getFileName() + ".old-"
                    + String.format("%020d", System.currentTimeMillis()));
            move(target, aside);
        }
        try {
            move(staged, target);
        } catch (IOException e) {
            if (aside != null) {
                move(aside, target);
            }
            throw e;
        }
        if (aside != null) {
            deleteTree(aside);
        }
    }

    /**
     * After a crash between the two renames of {@link #replace}: moves the folder set aside back
     * to {@code target} when {@code target} is missing, and deletes stale staging folders.
     *
     * @param target the folder
     * @return the recovered folder, if one was moved back
     * @throws IOException when the parent cannot be read or written
     */
    public static Optional<Path> recover(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            return Optional.empty();
        }
        String name = target.getFileName().toString();
        Path newestAside = null;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent,
                "." + name + ".*")) {
            for (Path p : children) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + name + ".staged-")) {
                    deleteTree(p);
                } else if (n.startsWith("." + name + ".old-")) {
                    if (newestAside == null || n.compareTo(
                            newestAside.getFileName().toString()) > 0) {
                        if (newestAside != null) {
                            deleteTree(newestAside);
                        }
                        newestAside = p;
                    } else {
                        deleteTree(p);
                    }
                }
            }
        }
        if (newestAside != null && !Files.exists(target)) {
            move(newestAside, target);
            return Optional.of(target);
        }
        if (newestAside != null) {
            deleteTree(newestAside);
        }
        return Optional.empty();
    }

    /**
     * Deletes a folder and everything in it; nothing when it does not exist.
     *
     * @param root the folder
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
