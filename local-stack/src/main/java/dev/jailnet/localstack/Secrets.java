package dev.jailnet.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of one data directory, in a directory only its owner can read: generated on first use,
 * never committed, the same on every later start (a database role keeps its password).
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    private Secrets(Path directory) {
        this.directory = directory;
    }

    public static Secrets in(Path directory) {
        try {
            privateDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory, e);
        }
        return new Secrets(directory);
    }

    public Path directory() {
        return directory;
    }

    /** The token signing keys kept here. */
    public AccessKeys accessKeys() {
        return AccessKeys.in(directory);
    }

    /** The password of {@code who} ({@code <who>.password}), 32 random characters made the first time. */
    public String password(String who) {
        if (!who.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("not a plain name: " + who);
        }
        Path file = directory.resolve(who + ".password");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                RANDOM.nextBytes(random);
                writePrivate(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make " + file, e);
        }
    }

    /** Writes {@code name} here, readable by the owner alone; returns the file. */
    public Path write(String name, String content) {
        Path file = directory.resolve(name);
        try {
            writePrivate(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static void privateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    /** Written beside, made owner-only, then moved into place: never a moment readable by others, never half. */
    public static void writePrivate(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
