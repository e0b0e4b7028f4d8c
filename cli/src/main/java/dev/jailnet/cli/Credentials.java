package dev.jailnet.cli;

import dev.jailnet.localstack.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a command-line client proves itself with, found the way a user expects: {@code JAILNET_TOKEN} if set,
 * else the operator token that the running {@code jailnet up} wrote in its data directory (asked of its
 * control endpoint), else the one in the default data directory. Reading the file is the authorisation: it
 * is the owner's alone (mode 0600).
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
            operatorToken = given().or(() -> read(secretsOf(dataDir(port)).resolve("operator.token")));
        }
        return operatorToken;
    }

    /** The operator's token of the system whose data directory is {@code dataDir}, or an error saying how to get one. */
    static String requireOperatorToken(Path dataDir) {
        return given().or(() -> read(secretsOf(dataDir).resolve("operator.token"))).orElseThrow(() ->
                new IllegalStateException("no operator token in " + secretsOf(dataDir) + ": set " + TOKEN_ENV
                        + " (./jailnet token prints one), or start the system with ./jailnet up, which writes one"));
    }

    /** The data directory of the {@code jailnet up} whose control endpoint is on {@code controlPort}, or the default. */
    static Path dataDir(int controlPort) {
        return runningDataDir(controlPort).orElse(Jailnet.home().resolve(".jailnet"));
    }

    private static Optional<String> given() {
        return Optional.ofNullable(System.getenv(TOKEN_ENV)).map(String::trim).filter(t -> !t.isEmpty());
    }

    static Path secretsOf(Path dataDir) {
        return dataDir.resolve("secrets");
    }

    /** The secrets of the data directory {@code jailnet up} keeps (the database's password, the token keys). */
    static Secrets secrets(Path dataDir) {
        return Secrets.in(secretsOf(dataDir));
    }

    private static Optional<Path> runningDataDir(int port) {
        try {
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/components")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String dataDir = Api.JSON.readTree(status.body()).path("dataDir").asText("");
            return status.statusCode() == 200 && !dataDir.isEmpty() ? Optional.of(Path.of(dataDir)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
