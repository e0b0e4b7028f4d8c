package dev.jailnet.testsupport;

import dev.jailnet.events.Roles;
import dev.jailnet.localstack.AccessKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Bearer tokens for tests, signed by one key pair per test JVM. The key's directory is kept in a system
 * property, so a test resource and a test (which Quarkus may load in different class loaders) sign and
 * verify with the same key.
 */
public final class Tokens {

    static final String KEYS_PROPERTY = "jailnet.test.access-keys";
    public static final String OPERATOR_SUBJECT = "test-operator";
    public static final String VIEWER_SUBJECT = "test-viewer";

    private Tokens() {
    }

    public static synchronized AccessKeys keys() {
        String directory = System.getProperty(KEYS_PROPERTY);
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("jailnet-access-keys").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(KEYS_PROPERTY, directory);
        }
        return AccessKeys.in(Path.of(directory));
    }

    public static String operator() {
        return of(OPERATOR_SUBJECT, Roles.OPERATOR);
    }

    public static String viewer() {
        return of(VIEWER_SUBJECT, Roles.VIEWER);
    }

    public static String of(String subject, String role) {
        return keys().mint(subject, role, Duration.ofHours(1));
    }

    /** An operator's token that expired five seconds ago: refused at once, as one that expired long ago is. */
    public static String expired() {
        return keys().mint(OPERATOR_SUBJECT, Roles.OPERATOR, Instant.now().minus(Duration.ofSeconds(5)));
    }

    /** A token as valid as {@link #operator()} in every way but its signer, a key this system never trusted. */
    public static String forged() {
        try {
            return AccessKeys.in(Files.createTempDirectory("jailnet-foreign-keys"))
                    .mint(OPERATOR_SUBJECT, Roles.OPERATOR, Duration.ofHours(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
