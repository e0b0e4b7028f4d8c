package dev.jailnet.vnet.domain;

public enum StepStatus {
    PENDING, RUNNING, DONE, FAILED, SKIPPED
}
