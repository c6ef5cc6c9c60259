package dev.charter.testsupport;

import java.util.UUID;

/** Two fresh users with their tokens and the direct conversation between them, made through the public API. */
public record Pair(String alice, String aliceToken, String bob, String bobToken, UUID conversation) {

    /** Registers a fresh alice and bob; alice opens the direct conversation with bob. */
    public static Pair create() {
        return create("alice", "bob");
    }

    /** As {@link #create()}, with the users' ids starting with the given names. */
    public static Pair create(String aliceName, String bobName) {
        String alice = Tokens.newUserId(aliceName);
        String bob = Tokens.newUserId(bobName);
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        return new Pair(alice, aliceToken, bob, bobToken, Api.direct(aliceToken, bob));
    }
}
