package dev.charter.privacy;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/v1/me/consents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsentResource {

    private final ConsentService consents;
    private final Caller caller;

    ConsentResource(ConsentService consents, Caller caller) {
        this.consents = consents;
        this.caller = caller;
    }

    public record Decision(Boolean granted, String policyVersion, String locale) {}

    @GET
    public Uni<List<ConsentRecord>> list() {
        return consents.current(caller.id());
    }

    @PUT
    @Path("/{purpose}")
    public Uni<ConsentRecord> decide(@PathParam("purpose") String purpose, Decision decision) {
        if (decision == null
                || decision.granted() == null
                || decision.policyVersion() == null
                || decision.locale() == null) {
            throw ProblemException.badRequest("'granted', 'policyVersion' and 'locale' are required.");
        }
        return consents.decide(caller.id(), purpose, decision.granted(), decision.policyVersion(), decision.locale());
    }
}
