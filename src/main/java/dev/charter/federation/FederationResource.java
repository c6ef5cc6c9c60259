package dev.charter.federation;

import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.RegionConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Region-to-region endpoints. {@link FederationFilter} has verified the caller before any method here runs;
 * {@link PeerIdentity} names it. Every path under {@code /v1/federation/} matches a method here, so unsigned
 * requests to unknown paths are refused (and audited) like any other.
 */
@Path("/v1/federation")
@PeerSigned
@Produces(MediaType.APPLICATION_JSON)
public class FederationResource {

    @RegisterForReflection
    public record Hello(String region, String peer) {}

    @Inject
    RegionConfig region;

    @Inject
    PeerIdentity peer;

    /** The handshake: proves both sides' keys and clocks are set up. */
    @GET
    @Path("hello")
    public Hello hello() {
        return new Hello(region.region(), peer.region());
    }

    @GET
    @Path("{rest: .*}")
    public Hello unknownGet() {
        throw unknown();
    }

    @jakarta.ws.rs.POST
    @Path("{rest: .*}")
    public Hello unknownPost() {
        throw unknown();
    }

    @jakarta.ws.rs.PUT
    @Path("{rest: .*}")
    public Hello unknownPut() {
        throw unknown();
    }

    @jakarta.ws.rs.DELETE
    @Path("{rest: .*}")
    public Hello unknownDelete() {
        throw unknown();
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("No such federation endpoint.");
    }
}
