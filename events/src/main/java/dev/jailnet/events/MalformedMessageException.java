package dev.jailnet.events;

/** A record that cannot be read as an {@link Envelope}; it belongs on the dead-letter topic. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedMessageException(String message) {
        super(message);
    }
}
