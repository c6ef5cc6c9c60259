package dev.charter.federation;

import dev.charter.identity.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The transfer register: every route personal data took out of its home jurisdiction from this region. */
@Path("/v1/admin/transfers")
@RolesAllowed({Roles.ADMIN, Roles.PRIVACY_OFFICER})
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    private final TransferRegister register;

    TransferResource(TransferRegister register) {
        this.register = register;
    }

    @RegisterForReflection
    public record RouteBody(
            String fromJurisdiction,
            String toRegion,
            String mechanism,
            String source,
            long users,
            long messages,
            String firstAt,
            String lastAt) {
        static RouteBody of(TransferRegisterRepository.Route route) {
            return new RouteBody(
                    route.fromJurisdiction(),
                    route.toRegion(),
                    route.mechanism(),
                    route.source(),
                    route.users(),
                    route.messages(),
                    route.firstAt().toString(),
                    route.lastAt().toString());
        }
    }

    @GET
    public Uni<List<RouteBody>> list() {
        return register.routes()
                .map(routes -> routes.stream().map(RouteBody::of).toList());
    }
}
