package dev.jailnet.conventions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the hosts that URLs in a text name, except those that name no machine of the outside world: loopback,
 * the wildcard address, a container service of docker-compose.yml, documentation examples (RFC 5737 addresses,
 * RFC 2606 names) and a host left to a variable. The project must not name a package registry or a mirror: the
 * machine's own configuration (apt's sources, Maven's settings) says where packages come from.
 */
final class HostNames {

    /** A scheme, then the authority: up to the path, a quote, a bracket or a separator. */
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://([^/\\s\"'<>`()\\]}\\\\,;?#]*)");
    /** XML namespace names and schema locations identify a vocabulary; nothing is fetched from them. */
    private static final Pattern XML_NAMESPACE = Pattern.compile(
            "(xmlns(:[\\w-]+)?|xsi:schemaLocation)\\s*=\\s*\\\\?\"[^\"\\\\]*\\\\?\"");
    private static final Pattern DOCUMENTATION_ADDRESS = Pattern.compile(
            "^(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}$");
    private static final Pattern LOOPBACK = Pattern.compile("^(localhost|[\\w-]+\\.localhost|127(\\.\\d{1,3}){3}|0\\.0\\.0\\.0|\\[::1?])$");
    private static final Pattern EXAMPLE_NAME = Pattern.compile(
            "^([\\w-]+\\.)*(example\\.(com|net|org)|example|test|invalid)$");

    private final Set<String> serviceNames;

    HostNames(Set<String> serviceNames) {
        this.serviceNames = serviceNames;
    }

    /** The hosts of the text's URLs that name a machine outside, one "line N: host" each. */
    List<String> outside(String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher url = URL.matcher(XML_NAMESPACE.matcher(lines[i]).replaceAll(""));
            while (url.find()) {
                String host = host(url.group(1));
                if (!allowed(host)) {
                    found.add("line " + (i + 1) + ": " + host);
                }
            }
        }
        return found;
    }

    boolean allowed(String host) {
        String h = host.toLowerCase();
        return h.isEmpty() || h.contains("$") || h.contains("{") || h.contains("%")
                || LOOPBACK.matcher(h).matches() || DOCUMENTATION_ADDRESS.matcher(h).matches()
                || EXAMPLE_NAME.matcher(h).matches() || serviceNames.contains(h);
    }

    /** The authority without its user information and port. */
    private static String host(String authority) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** The service names of a compose file: the keys directly under {@code services:}. */
    static Set<String> composeServices(String compose) {
        Set<String> names = new java.util.TreeSet<>();
        boolean inServices = false;
        for (String line : compose.split("\n")) {
            if (line.matches("^\\S.*")) {
                inServices = line.startsWith("services:");
            } else if (inServices) {
                Matcher key = Pattern.compile("^  ([a-z0-9][a-z0-9_.-]*):\\s*$").matcher(line);
                if (key.matches()) {
                    names.add(key.group(1));
                }
            }
        }
        return names;
    }
}
