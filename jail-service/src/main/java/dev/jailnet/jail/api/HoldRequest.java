package dev.jailnet.jail.api;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** @param description what holds the jail, e.g. "tcp 10.0.0.2:80 TIME_WAIT" */
public record HoldRequest(@Schema(description = "What holds the jail; `hold` when absent.") @Size(max = 200, message = "must be at most 200 characters long") String description) {
}
