package dev.jailnet.console.upstream;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Link;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * One service's API as the console calls it: every failure becomes an {@link UpstreamFailure} naming the
 * service, a 404 can stand for "nothing there (any more)", and a list is read page by page as every service
 * pages it ({@code Link: <...?cursor=...>; rel="next"}).
 *
 * @param service the service's name, for the answers that say which one failed
 */
public record Upstream<A>(String service, A api) {

    /** The first page of a list: the items, and whether more follow. */
    public record Listing<T>(List<T> items, boolean more) {
    }

    public <R> R call(Function<A, R> call) {
        try {
            return call.apply(api);
        } catch (WebApplicationException e) {
            throw UpstreamFailure.answered(service, e.getResponse().getStatus(), e);
        } catch (ProcessingException e) {
            throw UpstreamFailure.unreachable(service, e);
        }
    }

    /** Empty when the service answers 404: what was asked for is not (or no longer) there. */
    public <R> Optional<R> found(Function<A, R> call) {
        try {
            return Optional.of(call(call));
        } catch (UpstreamFailure e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The first page of a list; an empty one when the service answers 404. */
    public <T> Listing<T> first(Function<A, RestResponse<List<T>>> page) {
        return found(page).map(answer -> new Listing<>(answer.getEntity(), next(answer).isPresent()))
                .orElseGet(() -> new Listing<>(List.of(), false));
    }

    /** Every page of a list, {@code page} asked with the cursor of the one before (null first). */
    public <T> List<T> all(BiFunction<A, String, RestResponse<List<T>>> page) {
        List<T> items = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            String after = cursor.orElse(null);
            RestResponse<List<T>> answer = call(api -> page.apply(api, after));
            items.addAll(answer.getEntity());
            cursor = next(answer);
        } while (cursor.isPresent());
        return items;
    }

    /** The cursor of the next page, when the answer links one. */
    public static Optional<String> next(RestResponse<?> answer) {
        Link next = answer.getLink("next");
        return next == null ? Optional.empty() : cursorOf(next.getUri());
    }

    private static Optional<String> cursorOf(URI link) {
        String query = link.getRawQuery();
        return query == null ? Optional.empty() : Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith("cursor="))
                .map(p -> URLDecoder.decode(p.substring("cursor=".length()), StandardCharsets.UTF_8))
                .findFirst();
    }
}
