package dev.charter.federation;

import jakarta.enterprise.context.RequestScoped;

/**
 * The peer region a request under {@code /v1/federation/} was verified to come from; set by
 * {@link FederationFilter} before any federation endpoint runs.
 *
 * <p>The rule for every endpoint that writes: a peer may only write to conversations in which it has at least
 * one member whose home region is {@link #region()}, and only on behalf of such members. An endpoint checks
 * that against the conversation's members before it changes anything, and refuses otherwise with 403.
 */
@RequestScoped
public class PeerIdentity {

    private String region;

    void set(String region) {
        this.region = region;
    }

    /** The verified peer region; throws when the request was not verified (a filter bug, never a peer's). */
    public String region() {
        if (region == null) {
            throw new IllegalStateException("no verified peer on this request");
        }
        return region;
    }
}
