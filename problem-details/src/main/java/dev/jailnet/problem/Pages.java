package dev.jailnet.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Lists answered a page at a time: {@code ?limit=N} items at most (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}), and, when there are more, a {@code Link: <...?cursor=C&limit=N>; rel="next"} header (RFC
 * 8288) whose opaque cursor continues after the last item. The body stays a plain JSON array.
 */
public final class Pages {

    public static final String DEFAULT_LIMIT = "1000";
    public static final int MAX_LIMIT = 10_000;
    public static final String LIMIT_MESSAGE = "must be between 1 and " + MAX_LIMIT;

    private Pages() {
    }

    /**
     * {@code fetched} holds up to {@code limit + 1} items in list order: the extra one, when it is there, says
     * that another page follows.
     */
    public static <T, V> Response of(List<T> fetched, int limit, Function<T, String> cursorOf, Function<T, V> view,
                                     UriInfo uri) {
        boolean more = fetched.size() > limit;
        List<T> page = more ? fetched.subList(0, limit) : fetched;
        Response.ResponseBuilder response = Response.ok(page.stream().map(view).toList());
        if (more) {
            next(response, uri, cursorOf.apply(page.get(limit - 1)), limit);
        }
        return response.build();
    }

    /** Adds the link to the page that continues after {@code cursor}. */
    public static Response.ResponseBuilder next(Response.ResponseBuilder response, UriInfo uri, String cursor,
                                                int limit) {
        return response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", cursor)
                .replaceQueryParam("limit", limit).build(), "next");
    }

    /** A cursor that is a number (an id): the lowest there is when absent; 400 naming {@code cursor} when not one. */
    public static long numberCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw Rejected.invalid("cursor", "'" + cursor + "' is not a cursor this list gave out");
        }
    }

    /** A cursor for lists in time order: the time and the id of the last item seen ({@code TIME/ID}). */
    public record After(Instant at, String id) {

        /** Null when absent; 400 naming {@code cursor} when it is not one this kind of list gave out. */
        public static After parse(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            int slash = cursor.indexOf('/');
            try {
                return new After(Instant.parse(cursor.substring(0, Math.max(slash, 0))), cursor.substring(slash + 1));
            } catch (RuntimeException e) {
                throw Rejected.invalid("cursor", "'" + cursor + "' is not a cursor this list gave out");
            }
        }

        @Override
        public String toString() {
            return at + "/" + id;
        }
    }
}
