package dev.jailnet.cli;

/** The four services: their module, their default port, and the database schema each owns alone. */
public enum Service {
    JAIL("jail-service", 8081, "jail"),
    VNET("vnet-service", 8082, "vnet"),
    IFNET("ifnet-service", 8083, "ifnet"),
    ROUTING("routing-service", 8084, "routing");

    private final String module;
    private final int defaultPort;
    private final String schema;

    Service(String module, int defaultPort, String schema) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.schema = schema;
    }

    /** The service whose module is {@code module} ({@code jail-service}, ...). */
    public static Service ofModule(String module) {
        for (Service service : values()) {
            if (service.module.equals(module)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service " + module + ": jail-service, vnet-service, ifnet-service"
                + " or routing-service");
    }

    /** Its database schema (its application.properties names the same one). */
    public String schema() {
        return schema;
    }

    /** The database role it connects as: it owns its schema, and no other role but the database's owner reads it. */
    public String databaseRole() {
        return module.replace('-', '_');
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
