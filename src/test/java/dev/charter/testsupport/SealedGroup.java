package dev.charter.testsupport;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two fresh users in an end-to-end encrypted group that alice created: the server stores and relays ciphertext it
 * cannot read. Made through the public API.
 */
public record SealedGroup(String alice, String aliceToken, String bob, String bobToken, UUID conversation) {

    public static SealedGroup create() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        UUID conversation = UUID.fromString(Api.as(aliceToken)
                .body(Map.of("kind", "group", "title", "sealed", "members", List.of(bob), "e2ee", true))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        return new SealedGroup(alice, aliceToken, bob, bobToken, conversation);
    }

    /** Alice sends {@code ciphertext} (base64 on the wire); returns the ack frame's seq. */
    public long aliceSends(byte[] ciphertext) {
        try (WsClient ws = WsClient.open(aliceToken)) {
            ws.send(Frames.sendCiphertext(
                    "sealed", conversation, Base64.getEncoder().encodeToString(ciphertext)));
            var ack = ws.awaitRef("sealed");
            if (!"ack".equals(ack.path("type").asText())) {
                throw new AssertionError("a sealed send is acked: " + ack);
            }
            return ack.path("seq").asLong();
        }
    }
}
