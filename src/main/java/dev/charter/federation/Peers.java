package dev.charter.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.RegionConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Set;

/** The peer regions of this deployment and signed calls to them, answered off the event loop. */
@ApplicationScoped
public class Peers {

    private final FederationSettings settings;
    private final String region;
    private final PeerClient client;
    private final ObjectMapper json;

    Peers(FederationKeys keys, RegionConfig region, Clock clock, ObjectMapper json) {
        this.settings = keys.settings();
        this.region = region.region();
        this.json = json;
        this.client =
                settings.enabled() ? new PeerClient(new PeerSigner(this.region, settings.privateKey(), clock)) : null;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** This region's name. */
    public String self() {
        return region;
    }

    public Set<String> regions() {
        return settings.peers().keySet();
    }

    public boolean isPeer(String candidate) {
        return settings.peers().containsKey(candidate);
    }

    /** A signed call; {@code body} is written as JSON (null: none). Fails only when the peer cannot be reached. */
    public Uni<HttpResponse<String>> call(String peer, String method, String pathAndQuery, Object body) {
        URI base = settings.peers().get(peer);
        if (base == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a peer region"));
        }
        return Uni.createFrom()
                .item(() -> {
                    try {
                        String text = body == null ? null : json.writeValueAsString(body);
                        return client.send(peer, base, method, pathAndQuery, text);
                    } catch (IOException e) {
                        throw new PeerUnreachable(peer, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PeerUnreachable(peer, e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Reads a peer's JSON answer. */
    public <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new PeerUnreachable("peer", e);
        }
    }

    /**
     * A peer's refusal as the same problem (its status, code and detail), so a client hears what the host said;
     * anything else from it (5xx, not a problem document) as a retryable {@code internal} error.
     */
    public ProblemException problemFrom(String peer, HttpResponse<String> response) {
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            try {
                var problem = json.readTree(response.body());
                if (problem.hasNonNull("code")) {
                    return new ProblemException(
                            response.statusCode(),
                            problem.get("code").asText(),
                            problem.path("detail").asText("Refused by " + peer + "."));
                }
            } catch (JsonProcessingException e) {
                // falls through: not a problem document
            }
        }
        return unavailable(peer);
    }

    public static ProblemException unavailable(String peer) {
        return new ProblemException(
                503,
                ErrorCodes.INTERNAL,
                "Region " + peer + " cannot be reached right now; retry with the same request.");
    }

    /** A peer that did not answer (connection refused, timeout, unreadable answer). */
    public static final class PeerUnreachable extends RuntimeException {
        PeerUnreachable(String peer, Throwable cause) {
            super("peer " + peer + " unreachable: " + cause.getClass().getSimpleName(), cause, false, false);
        }
    }
}
