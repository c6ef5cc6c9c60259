package dev.charter.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The configured push providers. A provider without its key or credentials is off; push as a whole is off when
 * both are, and then nothing about presence or pushes is recorded at all.
 */
@Singleton
public class PushProviders {

    private static final Logger LOG = Logger.getLogger(PushProviders.class);

    private final Map<String, PushProvider> byPlatform = new LinkedHashMap<>();

    PushProviders(PushConfig config, Vertx vertx, ObjectMapper json) {
        Clock clock = Clock.systemUTC();
        PushConfig.Apns apns = config.apns();
        if (apns.trustAll() && ConfigUtils.getProfiles().contains("prod")) {
            throw new IllegalStateException("charter.push.apns.trust-all is for local test servers, never in prod");
        }
        if (apns.privateKey().isPresent()) {
            if (apns.teamId().isEmpty()
                    || apns.keyId().isEmpty()
                    || apns.topic().isEmpty()) {
                throw new IllegalStateException(
                        "charter.push.apns.private-key needs charter.push.apns.team-id, .key-id and .topic");
            }
            byPlatform.put("apns", new ApnsClient(vertx, apns, json, clock));
        }
        if (config.fcm().credentials().isPresent()) {
            byPlatform.put("fcm", new FcmClient(vertx, config.fcm(), json, clock));
        }
        LOG.infof(
                "Push: APNs %s, FCM %s",
                byPlatform.containsKey("apns") ? "on" : "off (no charter.push.apns.private-key)",
                byPlatform.containsKey("fcm") ? "on" : "off (no charter.push.fcm.credentials)");
    }

    boolean enabled() {
        return !byPlatform.isEmpty();
    }

    /** Null when that platform's provider is off. */
    PushProvider forPlatform(String platform) {
        return byPlatform.get(platform);
    }

    void warmUp() {
        for (PushProvider provider : byPlatform.values()) {
            try {
                provider.warmUp();
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Push: %s not ready yet (%s)",
                        provider.platform(), e.getClass().getSimpleName());
            }
        }
    }

    @PreDestroy
    void close() {
        byPlatform.values().forEach(PushProvider::close);
    }
}
