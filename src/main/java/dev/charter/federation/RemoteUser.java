package dev.charter.federation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a region tells a peer about one of its users, for a conversation the peer would host: the id and what
 * decides the law of the user's data (country and jurisdiction). Nothing else leaves the home region.
 */
@RegisterForReflection
public record RemoteUser(String id, String country, String jurisdiction) {}
