package dev.charter.common;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * One page of a list and the cursor of the next one (null on the last page). Lists stay plain JSON arrays, as
 * the contract has them; the next page is named by a {@code Link: <…?after=…>; rel="next"} header (RFC 8288).
 */
public record PageOf<T>(List<T> items, Cursor next) {

    /** {@code rows} were fetched with a limit of {@code limit + 1}: one more row than fits says there is more. */
    public static <T> PageOf<T> of(List<T> rows, int limit, Function<T, Cursor> position) {
        if (rows.size() <= limit) {
            return new PageOf<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new PageOf<>(page, position.apply(page.get(limit - 1)));
    }

    public <R> RestResponse<List<R>> response(UriInfo uri, Function<T, R> view) {
        var builder = RestResponse.ResponseBuilder.ok(items.stream().map(view).toList());
        if (next != null) {
            var link = uri.getRequestUriBuilder()
                    .replaceQueryParam("after", next.token())
                    .build();
            builder.header("Link", "<" + link.getRawPath() + "?" + link.getRawQuery() + ">; rel=\"next\"");
        }
        return builder.build();
    }

    /** A {@code limit} query parameter checked and capped. */
    public static int limit(int requested, int max) {
        if (requested < 1) {
            throw ProblemException.badRequest("'limit' must be >= 1.");
        }
        return Math.min(requested, max);
    }
}
