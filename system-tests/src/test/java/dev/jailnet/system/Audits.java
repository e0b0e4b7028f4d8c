package dev.jailnet.system;

import static org.awaitility.Awaitility.await;

import dev.jailnet.cli.AuditCheck;
import dev.jailnet.cli.Calls;
import dev.jailnet.cli.Service;
import dev.jailnet.events.audit.AuditLedger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The system audit the CLI runs ({@code jailnet audit}), for tests: waits until the ledgers agree. */
final class Audits {

    private Audits() {
    }

    static AuditLedger ledger(SystemUnderTest system, Service service) {
        return AuditCheck.ledger(Calls.strict(system.operatorToken()).pages(system.url(service) + "/api/audit"));
    }

    static List<String> findings(SystemUnderTest system) {
        return AuditCheck.crossCheck(ledger(system, Service.IFNET), ledger(system, Service.ROUTING));
    }

    /** The system converges: the audit comes out clean within the time, or the test fails with its findings. */
    static void awaitClean(SystemUnderTest system) {
        AtomicReference<List<String>> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last.set(findings(system));
                return last.get().isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the audit is not clean: " + last.get(), e);
        }
    }
}
