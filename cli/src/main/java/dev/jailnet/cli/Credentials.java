package dev.jailnet.cli;

import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.KafkaLogins;
import dev.jailnet.localstack.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command-line client proves itself with, found the way a user expects: {@code JAILNET_TOKEN} if set,
 * else the operator token that the running {@code jailnet up} wrote among its secrets (its control endpoint
 * says where they are), else the one in the default data directory. Reading the file is the authorisation:
 * it is the owner's alone (mode 0600).
 */
final class Credentials {

    static final String TOKEN_ENV = "JAILNET_TOKEN";
    private static Optional<String> operatorToken;

    private Credentials() {
    }

    /** For the verbs: the token of the system on the default control port (or {@code JAILNET_CONTROL_PORT}). */
    static synchronized Optional<String> operatorToken() {
        if (operatorToken == null) {
            int port = Integer.parseInt(Optional.ofNullable(System.getenv("JAILNET_CONTROL_PORT"))
                    .orElse("" + ControlServer.DEFAULT_PORT));
            operatorToken = given().or(() -> read(secretsDir(port).resolve("operator.token")));
        }
        return operatorToken;
    }

    /** The operator's token kept in {@code secretsDir}, or an error that says how to get one. */
    static String requireOperatorToken(Path secretsDir) {
        return given().or(() -> read(secretsDir.resolve("operator.token"))).orElseThrow(() ->
                new IllegalStateException("no operator token in " + secretsDir + ": set " + TOKEN_ENV
                        + " (./jailnet token prints one), or start the system with ./jailnet up, which writes one"));
    }

    /**
     * Where the {@code jailnet up} whose control endpoint is on {@code controlPort} keeps its secrets, or the
     * default data directory's.
     */
    static Path secretsDir(int controlPort) {
        return runningSecretsDir(controlPort).orElse(secretsOf(Jailnet.home().resolve(".jailnet")));
    }

    /** The secrets directory of a data directory. */
    static Path secretsOf(Path dataDir) {
        return dataDir.resolve("secrets");
    }

    /** This process's Kafka clients of {@code bootstrap} log in as the administrator whose secrets these are. */
    static void kafkaAdministrator(String bootstrap, Path secretsDir) {
        KafkaLogins.register(bootstrap, BusUsers.from(Secrets.in(secretsDir)).adminLogin());
    }

    private static Optional<String> given() {
        return Optional.ofNullable(System.getenv(TOKEN_ENV)).map(String::trim).filter(t -> !t.isEmpty());
    }

    private static Optional<Path> runningSecretsDir(int port) {
        try {
            return Optional.of(new Control(port).status().path("secretsDir").asText("")).filter(s -> !s.isEmpty())
                    .map(Path::of);
        } catch (Api.ApiException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
