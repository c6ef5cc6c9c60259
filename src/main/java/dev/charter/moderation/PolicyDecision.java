package dev.charter.moderation;

import dev.charter.messaging.send.SendPolicy;
import java.util.List;

/**
 * What the content rules decided for one message: {@code allow}, {@code mask} ({@link #text()} has the
 * matches masked), {@code flag} (stored, and queued for moderators under {@link #flagCategory()}) or
 * {@code block} (not stored; {@link #category()} names the rule category, never the matched words).
 * A masked message can also be flagged.
 */
public record PolicyDecision(String action, String category, String text, String flagCategory)
        implements SendPolicy.Verdict {

    public static final List<String> ACTIONS = List.of("allow", "mask", "flag", "block");

    static PolicyDecision allow(String text) {
        return new PolicyDecision("allow", null, text, null);
    }

    @Override
    public boolean blocked() {
        return "block".equals(action);
    }

    public boolean flagged() {
        return flagCategory != null;
    }
}
