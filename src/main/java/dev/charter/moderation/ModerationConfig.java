package dev.charter.moderation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code charter.moderation.*}. */
@ConfigMapping(prefix = "charter.moderation")
public interface ModerationConfig {

    /**
     * Most reports one user may have open at once; past it a new report gets {@code 429 rate_limited}, so one
     * account cannot bury the moderators' queue.
     */
    @WithDefault("30")
    int maxOpenReports();

    /**
     * A directory of known-bad file digest lists, {@code <rule set>.txt} (e.g. {@code default.txt}, {@code eu.txt}),
     * read at start-up on top of the lists packaged in {@code moderation/digests/}: hash lists from a clearing house
     * are updated often and are not shipped with the code.
     */
    Optional<String> knownBadFilesDir();
}
