package dev.charter.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code charter.privacy.*}: erasure resumption, the cap on open requests, the controller and the contacts per
 * jurisdiction. Retention has its own prefix ({@link RetentionConfig}): one
 * mapping on {@code charter} for both would claim every {@code charter.*} key.
 */
@ConfigMapping(prefix = "charter.privacy")
public interface PrivacyConfig {

    /** How often erasures left open by a failed run are run again; {@code 0}: never. */
    @WithDefault("1m")
    Duration erasureResumeInterval();

    /**
     * Most requests one user may have open at once; past it a new one gets {@code 429 rate_limited}. A repeat of
     * an open erasure or restriction, or of another open request with the same details, is not counted: it is
     * answered with the open request.
     */
    @WithDefault("10")
    int maxOpenRequests();

    /** Data exports written at once per instance (one per data subject in any case). */
    @WithDefault("4")
    int maxConcurrentExports();

    /** The controller the records of processing and the policy name. */
    Controller controller();

    /**
     * Data protection officer and local representative per jurisdiction id, e.g.
     * {@code charter.privacy.contacts."GDPR".dpo-email}; an id without a profile stops start-up.
     */
    Map<String, Contact> contacts();

    interface Controller {
        Optional<String> name();

        Optional<String> address();

        Optional<String> email();
    }

    interface Contact {
        Optional<String> dpoName();

        Optional<String> dpoEmail();

        /** The representative in the jurisdiction (GDPR Art. 27, UK GDPR Art. 27). */
        Optional<String> representativeName();

        Optional<String> representativeEmail();

        Optional<String> representativeAddress();
    }
}
