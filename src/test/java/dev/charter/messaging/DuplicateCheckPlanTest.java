package dev.charter.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The send path's duplicate check must probe the (sender, clientMsgId) index whatever the planner believes
 * about the table's size: a plan made while a new region's table is empty is kept (prepared statements)
 * while the table grows, and as a join it read the whole table for every batch (docs/performance.md).
 */
@QuarkusTest
class DuplicateCheckPlanTest {

    @Test
    void aPlanMadeOnAnEmptyTableStillProbesTheIndexOnceTheTableIsLarge() throws SQLException {
        try (Connection conn = Db.connect();
                Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            // The real statement, against an empty stand-in for the message table (same columns and indexes).
            st.execute("CREATE TEMP TABLE message (LIKE public.message INCLUDING ALL) ON COMMIT DROP");
            st.execute("SET LOCAL search_path = pg_temp, public");
            st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            st.execute("PREPARE reserve(uuid[], int8[], text[], uuid[]) AS " + MessageRepository.RESERVE_UNLESS_STORED);
            String onEmpty = plan(st);
            st.execute("""
                    INSERT INTO message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version,
                                         nonce, ciphertext, sent_at)
                    SELECT gen_random_uuid(), g, gen_random_uuid(), 'plan-' || (g % 100), gen_random_uuid(), 202611, 1,
                           '\\x00', '\\x01', now() FROM generate_series(1, 50000) g""");
            String onLarge = plan(st);
            conn.rollback();

            for (String plan : new String[] {onEmpty, onLarge}) {
                assertTrue(plan.contains("message_sender_id_client_msg_id_key"), plan);
                assertFalse(plan.contains("Seq Scan on message"), plan);
            }
        }
    }

    private static String plan(Statement st) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = st.executeQuery("EXPLAIN EXECUTE reserve(ARRAY[gen_random_uuid()], ARRAY[1::int8],"
                + " ARRAY['someone'], ARRAY[gen_random_uuid()])")) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
