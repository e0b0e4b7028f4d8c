package dev.jailnet.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What a patient client met and retried (see {@link Calls#patient}), by kind, and the first few server errors. */
public final class ClientErrors {

    /** The kinds of failure a fault causes. */
    public enum Kind {
        REFUSED("connection refused"),
        NO_ANSWER("no answer (connection lost or timed out)"),
        UNAVAILABLE("503 Service Unavailable"),
        CONFLICT("409 conflicting transaction"),
        SERVER_ERROR("500 or another 5xx"),
        APPLIED_EARLIER("a retried write found done by an attempt that failed");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final int SAMPLES = 5;

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final List<String> serverErrors = new ArrayList<>();

    public ClientErrors() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    void count(Kind kind, String what) {
        counts.get(kind).increment();
        if (kind == Kind.SERVER_ERROR) {
            synchronized (serverErrors) {
                if (serverErrors.size() < SAMPLES) {
                    serverErrors.add(what);
                }
            }
        }
    }

    public long count(Kind kind) {
        return counts.get(kind).sum();
    }

    /** Every retried failure: all kinds but {@link Kind#APPLIED_EARLIER}, which is how one of them ended. */
    public long retried() {
        return counts.entrySet().stream().filter(e -> e.getKey() != Kind.APPLIED_EARLIER)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** The first server errors met: what was asked and what came back. */
    public List<String> serverErrors() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }
}
