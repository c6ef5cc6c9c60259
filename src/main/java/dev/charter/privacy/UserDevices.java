package dev.charter.privacy;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * The devices a user registered for push, for their export: {@code deviceId}, {@code platform}, {@code locale},
 * {@code createdAt}, {@code lastPushAt}, never the token. Owned by privacy, implemented by push.
 */
public interface UserDevices {

    Uni<List<Map<String, Object>>> devicesOf(String user);
}
