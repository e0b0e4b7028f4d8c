package dev.jailnet.console.upstream;

/**
 * A service the console gathers from did not give it what it asked: it could not be reached, or it answered
 * with an error. The console's answer names the service, so that the page can say which one is missing.
 */
public class UpstreamFailure extends RuntimeException {

    private final String service;
    private final int status;

    private UpstreamFailure(String service, int status, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.status = status;
    }

    static UpstreamFailure unreachable(String service, Throwable cause) {
        return new UpstreamFailure(service, 0, service + " cannot be reached: " + cause.getMessage(), cause);
    }

    static UpstreamFailure answered(String service, int status, Throwable cause) {
        return new UpstreamFailure(service, status, service + " answered " + status, cause);
    }

    public String service() {
        return service;
    }

    /** The status the service answered; 0 when it could not be reached. */
    public int status() {
        return status;
    }
}
