package dev.jailnet.vnet.domain;

import dev.jailnet.vnet.store.SagaRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Running and stuck sagas, as gauges ({@code jailnet_sagas{status=...}}). */
@ApplicationScoped
public class SagaGauges {

    void register(@Observes StartupEvent event, MeterRegistry meters, SagaRepository sagas) {
        for (SagaStatus status : new SagaStatus[] {SagaStatus.RUNNING, SagaStatus.COMPENSATING, SagaStatus.STUCK}) {
            Gauge.builder("jailnet.sagas", sagas,
                            repo -> QuarkusTransaction.requiringNew().call(() -> repo.count("status", status)))
                    .description("Sagas by status").tag("status", status.name()).register(meters);
        }
    }
}
