package dev.charter.push;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with both push providers pointed at {@link PushMocks}. */
public class PushProfile implements QuarkusTestProfile {

    static final PushMocks MOCKS = new PushMocks();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("charter.push.apns.endpoint", MOCKS.apnsEndpoint()),
                Map.entry("charter.push.apns.team-id", PushMocks.TEAM),
                Map.entry("charter.push.apns.key-id", PushMocks.KEY_ID),
                Map.entry("charter.push.apns.topic", PushMocks.TOPIC),
                Map.entry("charter.push.apns.private-key", MOCKS.apnsPrivateKey()),
                Map.entry("charter.push.apns.trust-all", "true"),
                Map.entry("charter.push.fcm.endpoint", MOCKS.fcmEndpoint()),
                Map.entry("charter.push.fcm.credentials", MOCKS.fcmCredentials()),
                Map.entry("charter.push.max-devices", "3"),
                Map.entry("charter.push.retry-backoff", "100ms"),
                Map.entry("charter.push.presence-expiry", "3s"),
                Map.entry("charter.push.heartbeat", "1s"));
    }
}
