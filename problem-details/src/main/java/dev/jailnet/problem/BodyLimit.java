package dev.jailnet.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared body is over {@code quarkus.http.limits.max-body-size} is refused with 413 and
 * problem details before anything reads it. Quarkus's own limit (which also stops a body sent in chunks
 * once it grows past the size) answers 413 with no body; this one answers first, where the size is known.
 */
@ApplicationScoped
public class BodyLimit {

    /** A length that {@code Long.parseLong} reads; anything else is left to Quarkus to refuse. */
    private static final Pattern LENGTH = Pattern.compile("\\d{1,18}");

    void install(@Observes Router router,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(-3).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && LENGTH.matcher(declared).matches() && Long.parseLong(declared) > max) {
                JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Content Too Large")
                        .put("status", 413)
                        .put("detail", "the body is " + declared + " bytes; at most " + max + " are accepted")
                        .put("instance", context.request().path()).put("field", "body");
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
            } else {
                context.next();
            }
        });
    }
}
