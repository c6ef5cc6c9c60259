package dev.charter.messaging.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.messaging.FanoutChannel;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A commit whose notification this instance never heard (its LISTEN connection was down meanwhile) must not
 * show up to clients as a gap in live delivery: the next announced range reveals it, and the conversation's
 * members are told to resync (1012) instead of hearing the later message.
 */
@QuarkusTest
class MissedNotificationTest {

    @Test
    void aRangeAfterAnUnannouncedCommitMakesTheMembersResyncInsteadOfHearingAGap() {
        Pair p = Pair.create();
        String alice = p.alice();
        UUID conversation = p.conversation();
        try (WsClient aliceWs = WsClient.open(p.aliceToken());
                WsClient bobWs = WsClient.open(p.bobToken())) {
            aliceWs.send(Frames.send("first", conversation, "first"));
            assertEquals(1, aliceWs.awaitRef("first").path("seq").asLong());
            assertEquals(1, bobWs.awaitType("message").path("seq").asLong());

            // Seqs 2 and 3 were committed while nobody listened; only 3 is announced (as another instance would).
            Db.execute("UPDATE conversation SET last_seq = 3 WHERE id = ?::uuid", conversation.toString());
            for (long seq = 2; seq <= 3; seq++) {
                Db.execute("""
                        INSERT INTO message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version,
                                             nonce, ciphertext, sent_at)
                        VALUES (?::uuid, ?, gen_random_uuid(), ?, gen_random_uuid(), 202611, 1, '\\x00', '\\x01', now())""", conversation.toString(), seq, alice);
            }
            String payload = FanoutChannel.committed(
                            "another-instance", List.of(new FanoutChannel.SeqRange(conversation, 3, 3)))
                    .get(0);
            Db.execute("SELECT pg_notify(?, ?)", FanoutChannel.NAME, payload);

            assertEquals(1012, bobWs.awaitClose());
            assertEquals(List.of(), bobWs.drain("message", Duration.ZERO), "no message after the gap was heard");
            assertEquals(1012, aliceWs.awaitClose());
        }
    }
}
