package dev.jailnet.events;

/**
 * The two roles a bearer token of the API can carry (its {@code groups} claim), as the token's issuer
 * ({@code jailnet up}, {@code jailnet token}) and every service name them. Every endpoint is closed by
 * default; reads are open to both roles, changes to operators only.
 */
public final class Roles {

    /** Creates, changes and removes: jails, VNETs, interfaces, addresses, routes, holds, saga retries. */
    public static final String OPERATOR = "operator";
    /** Reads everything an operator can, changes nothing. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
