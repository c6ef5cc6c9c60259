package dev.charter.federation;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.jurisdiction.RegionConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

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

    @Inject
    UserService users;

    @Inject
    HostedSends hostedSends;

    @Inject
    ReplicaApplier replicas;

    @Inject
    TransferRegister register;

    @Inject
    RemoteErasures erasures;

    @Inject
    dev.charter.moderation.ReportService reports;

    /**
     * Is this one of this region's users? Asked by a peer that would host a conversation with them: the id, the
     * country and the jurisdiction, nothing else. Erased and unknown ids, and users of other regions: 404.
     */
    @GET
    @Path("users/{id}")
    public Uni<RemoteUser> user(@PathParam("id") String id) {
        return users.residences(List.of(id))
                .map(found -> {
                    Residence user = found.get(id);
                    if (user == null || !user.local() || user.status() == UserStatus.ERASED) {
                        throw new ProblemException(404, ErrorCodes.UNKNOWN_USER, "No such user in this region.");
                    }
                    return new RemoteUser(user.id(), user.country(), user.jurisdiction());
                })
                .call(found -> register.record(
                        peer.region(),
                        java.util.Map.of(found.id(), new TransferRegister.Sent(found.jurisdiction(), 0))));
    }

    /** A member of the peer's region sends into a conversation this region hosts; answered with the ack. */
    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Replication.SendAck> send(Replication.Send send) {
        return hostedSends.send(peer.region(), send);
    }

    /** A member of the peer's region read up to a seq of a conversation this region hosts. */
    @POST
    @Path("read")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<jakarta.ws.rs.core.Response> read(Replication.MemberAction read) {
        return hostedSends
                .read(peer.region(), read)
                .map(ignored -> jakarta.ws.rs.core.Response.noContent().build());
    }

    /** A member of the peer's region deletes their own message in a conversation this region hosts. */
    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<jakarta.ws.rs.core.Response> delete(Replication.MemberAction delete) {
        return hostedSends
                .delete(peer.region(), delete)
                .map(ignored -> jakarta.ws.rs.core.Response.noContent().build());
    }

    /** The peer, hosting conversations with members here, ships their state and messages. */
    @POST
    @Path("replicate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Replication.BatchApplied> replicate(Replication.Batch batch) {
        return replicas.apply(peer.region(), batch);
    }

    /**
     * A user of the peer's region reported a message of a conversation this region hosts: filed here for this
     * region's moderators, under the same id.
     */
    @POST
    @Path("reports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<jakarta.ws.rs.core.Response> report(dev.charter.moderation.ReportsElsewhere.ForwardedReport report) {
        return hostedSends
                .requireOwnUser(peer.region(), report == null ? null : report.reporter())
                .flatMap(ignored -> reports.reportFromRegion(peer.region(), report))
                .map(ignored -> jakarta.ws.rs.core.Response.noContent().build());
    }

    /** The peer erased one of its users: this region shreds its copies and answers with its signed receipt. */
    @POST
    @Path("erasures")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RemoteErasures.Receipt> erase(RemoteErasures.Request request) {
        return erasures.eraseFor(peer.region(), request);
    }

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
