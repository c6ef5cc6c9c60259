package dev.charter.breach;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * {@code POST /v1/admin/breaches}: an incident as the admin reports it. Exactly one of {@code affectedUsers}
 * (ids) and {@code affected} (a query over {@code app_user}) names who is affected. Times are RFC 3339 text,
 * parsed by the service so a malformed one is a 400 with a useful detail.
 */
@RegisterForReflection
public record BreachBody(
        String title,
        String description,
        String detectedAt,
        String occurredAt,
        List<String> dataCategories,
        List<String> affectedUsers,
        Affected affected) {

    /**
     * Users whose country is in {@code countries} or whose jurisdiction is in {@code jurisdictions}, and whose
     * account existed by {@code activeTo} (default: {@code detectedAt}). Charter does not keep last-activity
     * times, so {@code activeFrom} is recorded with the breach but cannot narrow the set: an account older than
     * the window may well have been active in it.
     */
    @RegisterForReflection
    public record Affected(List<String> countries, List<String> jurisdictions, String activeFrom, String activeTo) {}
}
