package dev.jailnet.vnet.domain;

/** RUNNING forward, COMPENSATING (undoing a failed creation), STUCK (out of attempts, still retrying slowly). */
public enum SagaStatus {
    RUNNING, COMPENSATING, STUCK, COMPLETED, FAILED;

    public boolean ended() {
        return this == COMPLETED || this == FAILED;
    }
}
