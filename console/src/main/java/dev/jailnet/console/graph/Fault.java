package dev.jailnet.console.graph;

/** A reference fault a service recorded: a reference met after what it referred to was destroyed. */
public record Fault(String service, String vnetId, String description) {

    /** From a ledger's line, {@code "<vnetId>: <what happened>"}. */
    static Fault of(String service, String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? new Fault(service, null, line)
                : new Fault(service, line.substring(0, colon), line.substring(colon + 2));
    }
}
