package dev.charter.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code charter.push.*}: devices, push providers and their limits. */
@ConfigMapping(prefix = "charter.push")
public interface PushConfig {

    /** At most one push per user and conversation within this interval while it stays unread. */
    @WithDefault("30s")
    Duration minInterval();

    /** Most devices one user may register. */
    @WithDefault("20")
    int maxDevices();

    /** Committed messages waiting for push; past it, messages are dropped from push and counted. */
    @WithDefault("10000")
    int queueSize();

    /** Provider requests in flight at once; past it, pushes are dropped and counted. */
    @WithDefault("512")
    int maxInFlight();

    /** Attempts per push when the provider fails (first try included), with doubling backoff. */
    @WithDefault("4")
    int maxAttempts();

    /** First backoff between attempts. */
    @WithDefault("500ms")
    Duration retryBackoff();

    /** How often an instance renews its presence heartbeat. */
    @WithDefault("5s")
    Duration heartbeat();

    /** Presence of an instance whose heartbeat is older than this no longer counts (a crashed instance). */
    @WithDefault("20s")
    Duration presenceExpiry();

    Apns apns();

    Fcm fcm();

    interface Apns {

        @WithDefault("https://api.push.apple.com")
        String endpoint();

        Optional<String> teamId();

        Optional<String> keyId();

        /** Base64 of the .p8 file (PEM or DER). */
        Optional<String> privateKey();

        Optional<String> topic();

        /** Trusts any server certificate: for tests against a local server only, refused in the prod profile. */
        @WithDefault("false")
        boolean trustAll();
    }

    interface Fcm {

        @WithDefault("https://fcm.googleapis.com")
        String endpoint();

        /** Defaults to the service account's {@code project_id}. */
        Optional<String> projectId();

        /** Base64 of the service-account JSON. */
        Optional<String> credentials();
    }
}
