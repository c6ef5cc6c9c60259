package dev.charter.push;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL of {@code push_device}; erasure also clears the user's presence and throttle rows. */
@Singleton
public class DeviceRepository implements UserDataErasure {

    private final Pool pool;

    DeviceRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts or updates the device unless the user already has {@code maxDevices} others; false then. A token
     * registered before under another device (a phone that changed hands) leaves that registration.
     */
    Uni<Boolean> upsert(
            SqlConnection conn, String user, String deviceId, String platform, String token, String locale, int max) {
        return conn.preparedQuery("""
                        DELETE FROM push_device
                         WHERE platform = $3 AND token = $4 AND NOT (user_id = $1 AND device_id = $2)""")
                .execute(Tuple.of(user, deviceId, platform, token))
                .flatMap(ignored -> conn.preparedQuery("""
                                INSERT INTO push_device (user_id, device_id, platform, token, locale)
                                SELECT $1, $2, $3, $4, $5
                                 WHERE (SELECT count(*) FROM push_device WHERE user_id = $1 AND device_id <> $2) < $6
                                ON CONFLICT (user_id, device_id) DO UPDATE
                                   SET platform = EXCLUDED.platform, token = EXCLUDED.token, locale = EXCLUDED.locale""")
                        .execute(Tuple.of(user, deviceId, platform, token)
                                .addValue(locale)
                                .addValue(max)))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<List<Device>> list(String user) {
        return pool.preparedQuery("""
                        SELECT device_id, platform, locale, created_at, last_push_at
                          FROM push_device WHERE user_id = $1 ORDER BY created_at, device_id""").execute(Tuple.of(user)).map(rows -> {
            List<Device> devices = new ArrayList<>();
            for (Row row : rows) {
                devices.add(new Device(
                        row.getString("device_id"),
                        row.getString("platform"),
                        row.getString("locale"),
                        row.getOffsetDateTime("created_at").toInstant(),
                        instant(row.getOffsetDateTime("last_push_at"))));
            }
            return devices;
        });
    }

    Uni<Void> delete(String user, String deviceId) {
        return pool.preparedQuery("DELETE FROM push_device WHERE user_id = $1 AND device_id = $2")
                .execute(Tuple.of(user, deviceId))
                .replaceWithVoid();
    }

    /** A token the provider called dead; kept if the device registered a new token meanwhile. */
    Uni<Void> deleteDead(PushTarget target) {
        return pool.preparedQuery("DELETE FROM push_device WHERE user_id = $1 AND device_id = $2 AND token = $3")
                .execute(Tuple.of(target.user(), target.deviceId(), target.token()))
                .replaceWithVoid();
    }

    Uni<Void> pushed(PushTarget target, Instant at) {
        return pool.preparedQuery("UPDATE push_device SET last_push_at = $3 WHERE user_id = $1 AND device_id = $2")
                .execute(Tuple.of(target.user(), target.deviceId(), at.atOffset(java.time.ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM push_device WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .flatMap(ignored -> transaction
                        .preparedQuery("DELETE FROM push_presence WHERE user_id = $1")
                        .execute(Tuple.of(userId)))
                .flatMap(ignored -> transaction
                        .preparedQuery("DELETE FROM push_throttle WHERE user_id = $1")
                        .execute(Tuple.of(userId)))
                .replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
