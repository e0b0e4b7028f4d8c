package dev.jailnet.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code field} names the offending input where there is one;
 * {@code errors} lists every violation when several fields are wrong at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field,
                      List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Violation(String field, String reason) {
    }
}
