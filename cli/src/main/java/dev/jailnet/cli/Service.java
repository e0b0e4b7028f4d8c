package dev.jailnet.cli;

/** The four services: their module, their default port. */
public enum Service {
    JAIL("jail-service", 8081),
    VNET("vnet-service", 8082),
    IFNET("ifnet-service", 8083),
    ROUTING("routing-service", 8084);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
