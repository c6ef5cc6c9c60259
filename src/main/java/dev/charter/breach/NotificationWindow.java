package dev.charter.breach;

import dev.charter.jurisdiction.JurisdictionProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a jurisdiction gives to notify its regulator, from its profile. Where the law names no hours
 * (PIPL "immediately", CCPA and other US state laws "without unreasonable delay") there is no deadline to
 * compute: {@code hours} is null and the statute text in {@code source} is the rule.
 */
record NotificationWindow(Integer hours, String source) {

    static final String UNASSIGNED = "unassigned";
    static final String WITHIN_HOURS = "within_hours";
    static final String WITHOUT_UNDUE_DELAY = "without_undue_delay";

    private static final String NO_PROFILE =
            "No jurisdiction profile covers these users' country: " + "assess the notification duty manually.";

    static NotificationWindow of(Optional<JurisdictionProfile> profile) {
        return profile.map(JurisdictionProfile::breachNotification)
                .map(b -> new NotificationWindow(b.hours(), b.source()))
                .orElse(new NotificationWindow(null, NO_PROFILE));
    }

    Instant deadline(Instant detectedAt) {
        return hours == null ? null : detectedAt.plus(Duration.ofHours(hours));
    }

    static String rule(Integer hours) {
        return hours == null ? WITHOUT_UNDUE_DELAY : WITHIN_HOURS;
    }
}
