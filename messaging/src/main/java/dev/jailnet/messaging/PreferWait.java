package dev.jailnet.messaging;

import dev.jailnet.problem.Rejected;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RFC 7240's {@code wait} preference on a write ({@code Prefer: wait=10}): answer once the write's effects in
 * the other services are visible, or after that many seconds with 202 and where to look. Capped at
 * {@link #MAX}; the wait applied is echoed in {@code Preference-Applied}. Other preferences are ignored, as the
 * RFC asks; a {@code wait} that is not a whole number of seconds is refused (400), not silently ignored.
 */
public record PreferWait(Duration duration) {

    public static final String PREFER = "Prefer";
    public static final String APPLIED = "Preference-Applied";
    public static final Duration MAX = Duration.ofSeconds(60);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");

    /** The wait asked for in the {@code Prefer} header's values (the first {@code wait} counts); empty if none. */
    public static Optional<PreferWait> of(List<String> prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String[] token = preference.split(";", 2)[0].split("=", 2);
                if (token[0].trim().toLowerCase(Locale.ROOT).equals("wait")) {
                    return Optional.of(new PreferWait(seconds(token.length == 2 ? token[1].trim() : "")));
                }
            }
        }
        return Optional.empty();
    }

    private static Duration seconds(String value) {
        String unquoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (!SECONDS.matcher(unquoted).matches()) {
            throw Rejected.invalid(PREFER, "wait must be a whole number of seconds (RFC 7240), as in"
                    + " 'Prefer: wait=10'; got '" + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(unquoted));
        return asked.compareTo(MAX) > 0 ? MAX : asked;
    }

    /** The {@code Preference-Applied} value. */
    public String applied() {
        return "wait=" + duration.toSeconds();
    }
}
