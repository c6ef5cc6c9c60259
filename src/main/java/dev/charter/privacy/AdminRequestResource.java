package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.common.Cursor;
import dev.charter.common.PageOf;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/admin/requests}: the privacy officer's view of every rights request and its deadline. */
@Path("/v1/admin/requests")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminRequestResource {

    /** {@code ?status=open}: only requests still to be answered ({@link RequestStatus#OPEN}). */
    static final String OPEN = "open";

    static final int MAX_PAGE = 1_000;

    private final RightsRequestService requests;
    private final Clock clock;
    private final Caller caller;
    private final DataElsewhere elsewhere;
    private final String region;

    AdminRequestResource(
            RightsRequestService requests,
            Clock clock,
            Caller caller,
            DataElsewhere elsewhere,
            dev.charter.jurisdiction.RegionConfig region) {
        this.requests = requests;
        this.clock = clock;
        this.caller = caller;
        this.elsewhere = elsewhere;
        this.region = region.region();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfficerView(
            UUID id,
            String user,
            String type,
            String status,
            String jurisdiction,
            String receivedAt,
            String dueAt,
            String extendedUntil,
            String extensionReason,
            String completedAt,
            boolean overdue,
            Map<String, Object> details,
            String note,
            Map<String, Object> receipt,
            List<Map<String, Object>> receipts) {

        /** The list and extension views: without the receipt. */
        static OfficerView of(RightsRequest r, Clock clock) {
            return of(r, clock, null, null);
        }

        /**
         * One request read on its own: with its erasure receipt, if any, and every region's ({@code receipts}:
         * this region's first, then each peer's signed receipt, or {@code pending} until it answers).
         */
        static OfficerView withReceipts(RightsRequest r, Clock clock, List<Map<String, Object>> receipts) {
            return of(r, clock, r.receipt, receipts);
        }

        private static OfficerView of(
                RightsRequest r, Clock clock, Map<String, Object> receipt, List<Map<String, Object>> receipts) {
            return new OfficerView(
                    r.id,
                    r.userId,
                    r.type,
                    r.status.value(),
                    r.jurisdiction,
                    r.receivedAt.toString(),
                    r.dueAt.toString(),
                    text(r.extendedUntil),
                    r.extensionReason,
                    text(r.completedAt),
                    r.open() && r.deadline().isBefore(clock.instant()),
                    r.details,
                    r.note,
                    receipt,
                    receipts);
        }

        private static String text(java.time.Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }

    public record Extension(String reason) {}

    /**
     * Earliest deadline first. At most {@code limit} requests (default and maximum {@value #MAX_PAGE}); the next
     * page, if any, is named by the {@code Link} header ({@code after}).
     */
    @GET
    public Uni<RestResponse<List<OfficerView>>> search(
            @QueryParam("status") String status,
            @QueryParam("overdue") @DefaultValue("false") boolean overdue,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("1000") int limit,
            @Context UriInfo uri) {
        Cursor from = Cursor.parse(after);
        return requests.search(OPEN.equals(status), overdue, from, PageOf.limit(limit, MAX_PAGE))
                .map(page -> page.response(uri, r -> OfficerView.of(r, clock)));
    }

    @GET
    @Path("/{id}")
    public Uni<OfficerView> get(@PathParam("id") UUID id) {
        // Reading someone's request is an access to their data by someone else: audited.
        return requests.read(caller.id(), id).flatMap(r -> {
            if (r.receipt == null) {
                return Uni.createFrom().item(OfficerView.withReceipts(r, clock, null));
            }
            Map<String, Object> here = new java.util.LinkedHashMap<>();
            here.put("region", region);
            here.putAll(r.receipt);
            return elsewhere.erasureReceipts(r.userId).map(peers -> {
                List<Map<String, Object>> all = new java.util.ArrayList<>();
                all.add(here);
                all.addAll(peers);
                return OfficerView.withReceipts(r, clock, all);
            });
        });
    }

    @POST
    @Path("/{id}/extend")
    public Uni<OfficerView> extend(@PathParam("id") UUID id, Extension body) {
        return requests.extend(caller.id(), id, body == null ? null : body.reason())
                .map(r -> OfficerView.of(r, clock));
    }
}
