package dev.jailnet.messaging;

/**
 * Rows a service keeps only for a while after their end (a destroyed VNET, a finished saga, a processed message
 * id): {@link Housekeeping} deletes them once they are older than their retention. Each service declares its own
 * as beans; the messaging runtime declares those of its own tables.
 *
 * @param what      what is purged, for the log and the metric
 * @param retention which retention applies
 * @param delete    a statement with two parameters, a timestamp and a count: it deletes at most that many rows
 *                  that ended before the timestamp
 */
public record Retention(String what, Kind retention, String delete) {

    /** The retentions an operator sets ({@code jailnet.messaging.retention.*}). */
    public enum Kind {
        /** What is over: destroyed VNETs, finished sagas and their replies, releases no longer awaited. */
        FINISHED,
        /** Processed message ids: longer than any topic keeps a record, or a redelivery would be applied twice. */
        INBOX
    }
}
