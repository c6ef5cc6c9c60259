package dev.charter.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.SealedGroup;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Message franking end to end: the sender's client commits to its plaintext, the server countersigns the commitment
 * with the sender, conversation, seq and time, the recipient receives the evidence, and a report revealing it is
 * verified, so a reporter cannot attribute invented text to someone.
 */
@QuarkusTest
public class FrankingReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** What the sender's client does: a fresh franking key, the commitment; the key travels in the ciphertext. */
    record Franked(String plaintext, byte[] key, byte[] commitment) {

        static Franked of(String plaintext) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new Franked(plaintext, key, hmac(key, plaintext));
        }
    }

    /** A franked message as the recipient holds it: what it decrypted and what the server sent along. */
    record Received(Franked franked, JsonNode message) {

        Map<String, Object> evidence() {
            Map<String, Object> evidence = new HashMap<>();
            evidence.put("plaintext", franked.plaintext());
            evidence.put("key", B64URL.encodeToString(franked.key()));
            evidence.put(
                    "commitment", message.path("franking").path("commitment").asText());
            evidence.put("signature", message.path("franking").path("signature").asText());
            evidence.put("keyId", message.path("franking").path("keyId").asText());
            evidence.put("conversation", message.path("conversation").asText());
            evidence.put("sender", message.path("sender").asText());
            evidence.put("seq", message.path("seq").asLong());
            evidence.put("sentAt", message.path("sentAt").asText());
            return evidence;
        }

        long seq() {
            return message.path("seq").asLong();
        }
    }

    private static byte[] hmac(byte[] key, String plaintext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String moderator() {
        return Tokens.withRoles(Tokens.newUserId("mod"), "moderator");
    }

    private static String frankedSend(String ref, UUID conversation, byte[] commitment) {
        ObjectNode frame = (ObjectNode) readTree(Frames.sendCiphertext(
                ref, conversation, Base64.getEncoder().encodeToString(new byte[] {9, 8, 7, (byte) ref.length()})));
        frame.putObject("franking").put("commitment", B64URL.encodeToString(commitment));
        return frame.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Alice sends a franked message; bob receives it live, evidence included. */
    private static Received aliceSendsFranked(SealedGroup group, String plaintext) {
        Franked franked = Franked.of(plaintext);
        try (WsClient alice = WsClient.open(group.aliceToken());
                WsClient bob = WsClient.open(group.bobToken())) {
            alice.send(frankedSend("f1", group.conversation(), franked.commitment()));
            JsonNode ack = alice.awaitRef("f1");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            JsonNode message = bob.await(f -> "message".equals(f.path("type").asText())
                    && f.path("seq").asLong() == ack.path("seq").asLong());
            return new Received(franked, message);
        }
    }

    private static String report(SealedGroup group, long seq, Map<String, Object> evidence) {
        return Api.as(group.bobToken())
                .body(Map.of(
                        "conversation", group.conversation(), "seq", seq, "reason", "harassment", "franking", evidence))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath detail(String report) {
        return Api.as(moderator())
                .get("/v1/admin/reports/" + report)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void assertOutcome(
            JsonPath detail, boolean signatureValid, boolean commitmentValid, boolean matchesReport) {
        assertEquals(signatureValid, detail.getBoolean("franking.signatureValid"), detail.prettify());
        assertEquals(commitmentValid, detail.getBoolean("franking.commitmentValid"), detail.prettify());
        assertEquals(matchesReport, detail.getBoolean("franking.matchesReport"), detail.prettify());
        assertEquals(
                signatureValid && commitmentValid && matchesReport,
                detail.getBoolean("franking.verified"),
                detail.prettify());
    }

    @Test
    void theServerCountersignsTheCommitmentAndAGenuineReportVerifies() throws Exception {
        SealedGroup group = SealedGroup.create();
        String plaintext = "franked-" + UUID.randomUUID();
        Received received = aliceSendsFranked(group, plaintext);

        JsonNode franking = received.message().path("franking");
        assertEquals(
                B64URL.encodeToString(received.franked().commitment()),
                franking.path("commitment").asText());
        JsonPath keys = Api.as(group.bobToken())
                .get("/v1/franking/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(franking.path("keyId").asText(), keys.getString("keys.find { it.current }.keyId"));
        assertEquals("Ed25519", keys.getString("keys.find { it.current }.algorithm"));

        // Anyone can check the countersignature with the published key and the documented byte layout.
        byte[] sender = group.alice().getBytes(StandardCharsets.UTF_8);
        Instant sentAt = Instant.parse(received.message().path("sentAt").asText());
        byte[] context = "charter.franking.v1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = ByteBuffer.allocate(context.length + 32 + 16 + 8 + 8 + 2 + sender.length)
                .put(context)
                .put(received.franked().commitment())
                .putLong(group.conversation().getMostSignificantBits())
                .putLong(group.conversation().getLeastSignificantBits())
                .putLong(received.seq())
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, sentAt))
                .putShort((short) sender.length)
                .put(sender)
                .array();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(
                        Base64.getDecoder().decode(keys.getString("keys.find { it.current }.publicKey")))));
        verifier.update(signed);
        assertTrue(verifier.verify(
                Base64.getUrlDecoder().decode(franking.path("signature").asText())));

        // History carries the same evidence.
        Api.as(group.bobToken())
                .get("/v1/conversations/" + group.conversation() + "/messages")
                .then()
                .statusCode(200)
                .body(
                        "messages.find { it.seq == " + received.seq() + " }.franking.signature",
                        equalTo(franking.path("signature").asText()));

        String report = report(group, received.seq(), received.evidence());
        JsonPath detail = detail(report);
        assertOutcome(detail, true, true, true);
        assertEquals(plaintext, detail.getString("content.text"));
        assertEquals("reporter_copy", detail.getString("content.source"));
        assertEquals(0, Db.rowsMentioning(plaintext), "the revealed text is sealed like any reporter's copy");
    }

    @Test
    void inventedTextDoesNotVerify() {
        SealedGroup group = SealedGroup.create();
        Received received = aliceSendsFranked(group, "see you at 8");
        Map<String, Object> evidence = received.evidence();
        evidence.put("plaintext", "something alice never wrote");
        assertOutcome(detail(report(group, received.seq(), evidence)), true, false, true);
    }

    @Test
    void anotherFrankingKeyDoesNotVerify() {
        SealedGroup group = SealedGroup.create();
        Received received = aliceSendsFranked(group, "see you at 8");
        Map<String, Object> evidence = received.evidence();
        byte[] key = received.franked().key().clone();
        key[0] ^= 1;
        evidence.put("key", B64URL.encodeToString(key));
        assertOutcome(detail(report(group, received.seq(), evidence)), true, false, true);

        // A commitment of the reporter's own making over invented text: the server never signed it.
        Franked invented = Franked.of("something alice never wrote");
        Map<String, Object> forged = received.evidence();
        forged.put("plaintext", invented.plaintext());
        forged.put("key", B64URL.encodeToString(invented.key()));
        forged.put("commitment", B64URL.encodeToString(invented.commitment()));
        assertOutcome(detail(report(group, received.seq(), forged)), false, true, true);
    }

    @Test
    void evidenceMovedToAnotherSenderSeqOrConversationDoesNotVerify() {
        SealedGroup group = SealedGroup.create();
        Received first = aliceSendsFranked(group, "first");
        Received second = aliceSendsFranked(group, "second");

        Map<String, Object> otherSender = first.evidence();
        otherSender.put("sender", group.bob());
        assertOutcome(detail(report(group, first.seq(), otherSender)), false, true, false);

        Map<String, Object> otherSeq = first.evidence();
        otherSeq.put("seq", second.seq());
        assertOutcome(detail(report(group, second.seq(), otherSeq)), false, true, true);

        Map<String, Object> otherTime = first.evidence();
        otherTime.put(
                "sentAt",
                Instant.parse(first.message().path("sentAt").asText())
                        .plusSeconds(1)
                        .toString());
        assertOutcome(detail(report(group, first.seq(), otherTime)), false, true, true);

        Map<String, Object> otherConversation = first.evidence();
        otherConversation.put("conversation", UUID.randomUUID().toString());
        assertOutcome(detail(report(group, first.seq(), otherConversation)), false, true, false);

        // Genuine evidence of the first message filed against the second: true, but not about what is reported.
        assertOutcome(detail(report(group, second.seq(), first.evidence())), true, true, false);
    }

    @Test
    void aForgedSignatureDoesNotVerify() {
        SealedGroup group = SealedGroup.create();
        Received received = aliceSendsFranked(group, "see you at 8");
        Map<String, Object> evidence = received.evidence();
        byte[] signature = Base64.getUrlDecoder().decode((String) evidence.get("signature"));
        signature[10] ^= 0x40;
        evidence.put("signature", B64URL.encodeToString(signature));
        assertOutcome(detail(report(group, received.seq(), evidence)), false, true, true);

        Map<String, Object> unknownKey = received.evidence();
        unknownKey.put("keyId", "0000000000000000");
        assertOutcome(detail(report(group, received.seq(), unknownKey)), false, true, true);
    }

    @Test
    void malformedEvidenceIsRefused() {
        SealedGroup group = SealedGroup.create();
        Received received = aliceSendsFranked(group, "see you at 8");
        Map<String, Object> shortKey = received.evidence();
        shortKey.put("key", B64URL.encodeToString(new byte[16]));
        Api.as(group.bobToken())
                .body(Map.of(
                        "conversation",
                        group.conversation(),
                        "seq",
                        received.seq(),
                        "reason",
                        "other",
                        "franking",
                        shortKey))
                .post("/v1/reports")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
    }

    @Test
    void aCommitmentOfTheWrongSizeOrEncodingIsRefusedAndNothingIsStored() {
        SealedGroup group = SealedGroup.create();
        try (WsClient alice = WsClient.open(group.aliceToken())) {
            alice.send(frankedSend("short", group.conversation(), new byte[31]));
            assertEquals("invalid_frame", alice.awaitRef("short").path("code").asText());
            alice.send(frankedSend("long", group.conversation(), new byte[33]));
            assertEquals("invalid_frame", alice.awaitRef("long").path("code").asText());
            ObjectNode notBase64 = (ObjectNode) readTree(frankedSend("enc", group.conversation(), new byte[32]));
            notBase64.putObject("franking").put("commitment", "!!not base64!!");
            alice.send(notBase64.toString());
            assertEquals("invalid_frame", alice.awaitRef("enc").path("code").asText());
            ObjectNode notObject = (ObjectNode) readTree(frankedSend("obj", group.conversation(), new byte[32]));
            notObject.put("franking", "abc");
            alice.send(notObject.toString());
            assertEquals("invalid_frame", alice.awaitRef("obj").path("code").asText());
        }
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", group.conversation()));
    }

    @Test
    void sendsWithoutFrankingAreUnchanged() {
        SealedGroup group = SealedGroup.create();
        long seq = group.aliceSends(new byte[] {1, 2, 3});
        Api.as(group.bobToken())
                .get("/v1/conversations/" + group.conversation() + "/messages")
                .then()
                .statusCode(200)
                .body("messages.find { it.seq == " + seq + " }.containsKey('franking')", equalTo(false));
        assertEquals(
                0, Db.count("SELECT count(*) FROM message_franking WHERE conversation_id = ?", group.conversation()));

        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("t1", p.conversation(), "plain hello"));
            assertEquals("ack", alice.awaitRef("t1").path("type").asText());
            JsonNode message = bob.awaitType("message");
            assertEquals("plain hello", message.path("text").asText());
            assertFalse(message.has("franking"), message.toString());

            // The server reads these messages itself: a commitment has no place here.
            ObjectNode franked = (ObjectNode) readTree(Frames.send("t2", p.conversation(), "hello again"));
            franked.putObject("franking").put("commitment", B64URL.encodeToString(new byte[32]));
            alice.send(franked.toString());
            assertEquals("invalid_frame", alice.awaitRef("t2").path("code").asText());
        }
        assertEquals(1, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
        List<List<Object>> none = Db.rows("SELECT 1 FROM message_franking WHERE conversation_id = ?", p.conversation());
        assertTrue(none.isEmpty());
    }
}
