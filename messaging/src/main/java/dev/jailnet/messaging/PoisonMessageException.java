package dev.jailnet.messaging;

/** A message that a handler can never apply: it goes to the dead-letter topic without retries. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }
}
