package dev.jailnet.conventions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The repository's own files, as a clone has them: what git tracks, or, where there is no git work tree (an
 * exported copy), every file below the root but build output, the local system's data and git's own.
 */
final class RepositoryFiles {

    private static final Set<String> NOT_OURS = Set.of(".git", "target", ".jailnet", "node_modules");

    private RepositoryFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty("jailnet.home", "..")).toAbsolutePath().normalize();
    }

    /** Relative paths, with '/' as the separator. */
    static List<String> list() {
        Path root = root();
        if (Files.isDirectory(root.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z", "--cached",
                        "--others", "--exclude-standard").redirectErrorStream(false).start();
                String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (git.waitFor() == 0) {
                    return Stream.of(out.split("\0")).filter(name -> !name.isEmpty())
                            .filter(name -> Files.isRegularFile(root.resolve(name))).sorted().toList();
                }
            } catch (IOException e) {
                // no git on this machine: walk the tree instead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(path -> {
                        for (Path part : path) {
                            if (NOT_OURS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .map(path -> path.toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's text, or null for a binary file (one with a NUL byte). */
    static String text(String relative) {
        try {
            byte[] bytes = Files.readAllBytes(root().resolve(relative));
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
