package dev.charter.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.common.PeerCaches;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Peers cache a user's status for up to a minute and rely on the announcement to drop it, so a change that stops a
 * user must never commit without its announcement: both are one transaction.
 */
@QuarkusTest
public class StatusAnnouncementTest {

    @Inject
    UserRepository users;

    @Inject
    PeerCaches peers;

    @Test
    void aRestrictionCommitsTogetherWithItsAnnouncementOrNotAtAll() throws Exception {
        String user = Tokens.newUserId("announced");
        Api.register(user);
        try (Connection listener = Db.connect();
                Statement listen = listener.createStatement()) {
            listen.execute("LISTEN charter_invalidate");

            RuntimeException failed = new IllegalStateException("announcement lost");
            assertThrows(
                    IllegalStateException.class,
                    () -> users.setStatus(
                                    user,
                                    UserStatus.RESTRICTED,
                                    conn -> peers.invalidate(conn, UserService.TOPIC, user)
                                            .chain(() -> Uni.createFrom().failure(failed)))
                            .await()
                            .atMost(Duration.ofSeconds(10)));
            assertEquals("active", status(user), "a change whose announcement failed is rolled back");
            assertTrue(
                    notifications(listener, user, Duration.ofMillis(500)).isEmpty(),
                    "nothing is announced for a change that did not commit");

            users.setStatus(user, UserStatus.RESTRICTED, conn -> peers.invalidate(conn, UserService.TOPIC, user))
                    .await()
                    .atMost(Duration.ofSeconds(10));
            assertEquals(UserStatus.RESTRICTED.column(), status(user));
            assertEquals(List.of("user:" + user), notifications(listener, user, Duration.ofSeconds(5)));
        }
    }

    @Test
    void aReenablingWhoseAnnouncementFailsLeavesTheIdErased() {
        String user = Tokens.newUserId("reenabled");
        Api.register(user);
        users.erase(user, conn -> Uni.createFrom().voidItem(), conn -> peers.invalidate(conn, UserService.TOPIC, user))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThrows(
                IllegalStateException.class,
                () -> users.reenable(
                                user, conn -> Uni.createFrom().failure(new IllegalStateException("announcement lost")))
                        .await()
                        .atMost(Duration.ofSeconds(10)));
        assertEquals(UserStatus.ERASED.column(), status(user), "peers would keep refusing an id the database lets in");

        assertTrue(users.reenable(user, conn -> peers.invalidate(conn, UserService.TOPIC, user))
                .await()
                .atMost(Duration.ofSeconds(10)));
        assertEquals("active", status(user));
    }

    private static String status(String user) {
        return (String)
                Db.rows("SELECT status FROM app_user WHERE id = ?", user).get(0).get(0);
    }

    /** This user's announcements heard within {@code patience} (stops at the first one). */
    private static List<String> notifications(Connection listener, String user, Duration patience) throws Exception {
        List<String> heard = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (heard.isEmpty() && System.nanoTime() < deadline) {
            PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(100);
            for (int i = 0; batch != null && i < batch.length; i++) {
                if (batch[i].getParameter().endsWith(user)) {
                    heard.add(batch[i].getParameter());
                }
            }
        }
        return heard;
    }
}
