package dev.charter.messaging.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.common.PgNotify;
import dev.charter.messaging.FanoutChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Sends a server frame to every open connection of one user, on whichever instance they are connected: the
 * frame rides on the fan-out NOTIFY channel. Sent inside the caller's transaction, it is delivered only if
 * that transaction commits. Frames must stay small (a NOTIFY payload is under 8000 bytes) and carry ids,
 * not message text.
 */
@ApplicationScoped
public class UserFrames {

    private final ObjectMapper json;

    UserFrames(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> send(SqlConnection conn, String user, Object frame) {
        return payload(user, frame).flatMap(payload -> PgNotify.send(conn, FanoutChannel.NAME, payload));
    }

    /** {@link #send(SqlConnection, String, Object)} inside the transaction of a Hibernate Reactive session. */
    public Uni<Void> send(Mutiny.Session session, String user, Object frame) {
        return payload(user, frame).flatMap(payload -> PgNotify.send(session, FanoutChannel.NAME, payload));
    }

    private Uni<String> payload(String user, Object frame) {
        String payload;
        try {
            payload = FanoutChannel.userFrame(user, json.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        if (payload.length() > FanoutChannel.MAX_PAYLOAD_CHARS) {
            return Uni.createFrom().failure(new IllegalArgumentException("frame too large for NOTIFY"));
        }
        return Uni.createFrom().item(payload);
    }
}
