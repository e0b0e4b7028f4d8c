package dev.jailnet.system;

import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import dev.jailnet.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The system as {@code jailnet up} starts it: processes, a real broker and a real database, free ports. */
final class LocalProcesses implements SystemUnderTest {

    private final LocalSystem system;

    private LocalProcesses(LocalSystem system) {
        this.system = system;
        SystemUnderTest.authenticateRestAssured();
    }

    static LocalProcesses start() {
        try {
            return start(Files.createTempDirectory("jailnet-system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalProcesses start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** With {@code settings} passed to every service (saga timeouts, say). */
    static LocalProcesses start(Path dataDir, Map<String, String> settings) {
        return new LocalProcesses(LocalSystem.start(LocalSystem.Options.ephemeral(home(), dataDir)
                .withSettings(settings).withSecrets(testKeys())));
    }

    /** With {@code replicas} processes per service. */
    static LocalProcesses startReplicated(Path dataDir, int replicas) {
        return new LocalProcesses(LocalSystem.start(LocalSystem.Options.ephemeral(home(), dataDir)
                .withReplicas(replicas).withSecrets(testKeys())));
    }

    /** The test run's one key pair (its passwords beside it): every system of the run trusts the same tokens. */
    private static Path testKeys() {
        return Tokens.keys().verifyKey().getParent();
    }

    static Path home() {
        return Path.of(System.getProperty("jailnet.home", "..")).toAbsolutePath().normalize();
    }

    LocalSystem system() {
        return system;
    }

    @Override
    public String url(Service service) {
        return system.url(service);
    }

    @Override
    public String kafkaBootstrap() {
        return system.kafkaBootstrap();
    }

    @Override
    public void close() {
        system.close();
    }
}
