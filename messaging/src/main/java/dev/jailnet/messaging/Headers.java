package dev.jailnet.messaging;

/** Record headers the messaging runtime writes. */
public final class Headers {

    public static final String TYPE = "jailnet-type";
    public static final String MESSAGE_ID = "jailnet-message-id";
    public static final String DLQ_REASON = "jailnet-dlq-reason";
    public static final String DLQ_EXCEPTION = "jailnet-dlq-exception";
    public static final String DLQ_CONSUMER = "jailnet-dlq-consumer";
    public static final String DLQ_TOPIC = "jailnet-dlq-topic";
    public static final String DLQ_PARTITION = "jailnet-dlq-partition";
    public static final String DLQ_OFFSET = "jailnet-dlq-offset";
    /** The size of the refused record's body, which the dead-letter copy leaves out when it is too large. */
    public static final String DLQ_SIZE = "jailnet-dlq-size";

    private Headers() {
    }
}
