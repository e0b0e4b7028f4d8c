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

    private Headers() {
    }
}
