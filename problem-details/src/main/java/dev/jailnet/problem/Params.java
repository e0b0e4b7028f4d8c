package dev.jailnet.problem;

/**
 * Query and path values read strictly, refused with 400 naming the parameter: JAX-RS would read {@code maybe}
 * as false and answer a number it cannot parse with a bare 404.
 */
public final class Params {

    private Params() {
    }

    /** {@code true} or {@code false}; absent (null or empty) is false. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw Rejected.invalid(name, "must be true or false, not '" + shortened(value) + "'");
    }

    /** A whole number from 0 to {@code Long.MAX_VALUE}. */
    public static long number(String name, String value) {
        if (value != null && value.matches("[0-9]{1,18}")) {
            return Long.parseLong(value);
        }
        throw Rejected.invalid(name, "must be a whole number, not '" + shortened(value) + "'");
    }

    static String shortened(String value) {
        return value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
