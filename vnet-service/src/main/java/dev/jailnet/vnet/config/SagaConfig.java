package dev.jailnet.vnet.config;

import dev.jailnet.vnet.domain.SagaPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Deadlines and retries of saga steps ({@code jailnet.saga.*}). */
@ConfigMapping(prefix = "jailnet.saga")
public interface SagaConfig {

    /** How long the first attempt of a step may take before the command is sent again. */
    @WithDefault("2s")
    Duration stepTimeout();

    @WithDefault("2.0")
    double backoff();

    @WithDefault("30s")
    Duration maxTimeout();

    @WithDefault("5")
    int maxAttempts();

    /** How often a STUCK saga's step is sent again. */
    @WithDefault("60s")
    Duration stuckRetry();

    /**
     * The longest the saga clock sleeps: it wakes at the soonest deadline a saga holds, and at least this often
     * to see the deadlines other replicas set.
     */
    @WithDefault("1s")
    Duration tick();

    default SagaPolicy policy() {
        return new SagaPolicy(stepTimeout(), backoff(), maxTimeout(), maxAttempts(), stuckRetry());
    }
}
