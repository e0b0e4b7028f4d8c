package dev.jailnet.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    private final HostNames hosts = new HostNames(Set.of("kafka", "postgres", "jail-service"));

    @ParameterizedTest
    @ValueSource(strings = {
            "MIRROR=\"${DEBIAN_MIRROR:-http://mirror.corp.lan/debian}\"",
            "curl -fsSL https://packages.corp.lan/npm/is-number",
            "debootstrap bookworm /tmp/x http://10.1.2.3/debian",
            "<url>https://artifacts.corp.lan:8443/maven2</url>",
            "see https://user:secret@packages.corp.lan:8443/simple",
            "a lookalike http://example.com.corp.lan/",
    })
    void aHostOfTheOutsideWorldIsFound(String line) {
        assertThat(hosts.outside(line)).as(line).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "curl -s localhost:8081/api/jails http://localhost:8081/q/health http://127.0.0.1:8082/",
            "KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092,EXTERNAL://localhost:${JAILNET_KAFKA_PORT:-9092}",
            "jdbc:postgresql://postgres:5432/jailnet and http://jail-service:8080/q/health",
            "listeners=PLAINTEXT://:9092,CONTROLLER://:9093",
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\" xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0"
                    + " https://maven.apache.org/xsd/maven-4.0.0.xsd\">",
            "a tunnel to http://198.51.100.1/ or https://www.example.org/docs",
            "String url = \"http://\" + host + \":\" + port;",
            "bootstrap = \"PLAINTEXT://\" + address",
    })
    void loopbackServicesExamplesAndNamespacesAreNot(String line) {
        assertThat(hosts.outside(line)).as(line).isEmpty();
    }

    @Test
    void theServicesOfTheComposeFileAreItsKeysUnderServices() {
        String compose = """
                x-healthcheck: &hc
                  interval: 5s
                services:
                  kafka:
                    image: ${KAFKA_IMAGE}
                    environment:
                      KAFKA_NODE_ID: 1
                  jail-service:
                    build: jail-service
                volumes:
                  kafka-data:
                """;
        assertThat(HostNames.composeServices(compose)).containsExactly("jail-service", "kafka");
    }

    /**
     * Files not scanned: the Maven wrapper's own (they name the repository Maven is downloaded from; Maven writes
     * and reads them so), and this test, whose invented hosts must be found.
     */
    private static boolean notScanned(String path) {
        return path.equals("mvnw") || path.equals("mvnw.cmd") || path.startsWith(".mvn/wrapper/")
                || path.endsWith("/" + HostNamesTest.class.getName().replace('.', '/') + ".java");
    }

    @Test
    void noFileOfTheRepositoryNamesAPackageRegistryOrAnyOtherHostOfTheOutsideWorld() {
        HostNames tree = new HostNames(HostNames.composeServices(RepositoryFiles.text("docker-compose.yml")));
        Map<String, List<String>> offences = new LinkedHashMap<>();
        int checked = 0;
        for (String path : RepositoryFiles.list()) {
            String text = notScanned(path) ? null : RepositoryFiles.text(path);
            if (text == null) {
                continue;
            }
            checked++;
            List<String> found = tree.outside(text);
            if (!found.isEmpty()) {
                offences.put(path, found);
            }
        }
        assertThat(checked).as("files found in " + RepositoryFiles.root()).isGreaterThan(100);
        assertThat(offences).as("hosts named in the tree: take a registry or a mirror from the machine's own"
                + " configuration (apt's sources, Maven's settings), never from a file of the project").isEmpty();
    }
}
