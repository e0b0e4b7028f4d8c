package dev.jailnet.jail.api;

import jakarta.validation.constraints.Size;

/** @param description what holds the jail, e.g. "tcp 10.0.0.2:80 TIME_WAIT" */
public record HoldRequest(@Size(max = 200, message = "must be at most 200 characters long") String description) {
}
