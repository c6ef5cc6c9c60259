package dev.charter.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Allow rules protect what lies inside them; the linear filter keeps exactly what a pairwise check keeps. */
class AllowRulesTest {

    private static final Rule ALLOW = new Rule(Rule.Action.ALLOW, "place", "zorblaxton");
    private static final Rule BLOCK = new Rule(Rule.Action.BLOCK, "abuse", "orbl");

    /** The definition: a non-allow match survives unless some allowed span contains it. */
    private static List<RuleSet.Match> reference(List<RuleSet.Match> matches) {
        List<RuleSet.Match> kept = new ArrayList<>();
        for (RuleSet.Match m : matches) {
            if (m.rule().action() == Rule.Action.ALLOW) {
                continue;
            }
            boolean inside = matches.stream()
                    .anyMatch(a -> a.rule().action() == Rule.Action.ALLOW && a.from() <= m.from() && m.to() <= a.to());
            if (!inside) {
                kept.add(m);
            }
        }
        return kept;
    }

    @Test
    void aBlockedWordInsideAnAllowedOneIsProtectedAndOneOutsideIsNot() {
        List<RuleSet.Match> matches = List.of(
                new RuleSet.Match(ALLOW, 0, 10), new RuleSet.Match(BLOCK, 1, 5), new RuleSet.Match(BLOCK, 11, 15));
        assertEquals(List.of(new RuleSet.Match(BLOCK, 11, 15)), ContentPolicy.withoutAllowed(matches));
    }

    @Test
    void randomOverlapsAgreeWithTheDefinition() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            int length = 1 + random.nextInt(60);
            List<RuleSet.Match> matches = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                int from = random.nextInt(length);
                int to = from + 1 + random.nextInt(length - from);
                matches.add(new RuleSet.Match(random.nextBoolean() ? ALLOW : BLOCK, from, to));
            }
            assertEquals(reference(matches), ContentPolicy.withoutAllowed(matches), matches.toString());
        }
    }

    /** The adversarial shape: 64 KiB of alternating allowed and blocked words, through the real rules. */
    @Test
    void alternatingAllowedAndBlockedWordsAreDecidedWhole() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 64 * 1024 - 32) {
            text.append("zorblaxton orbl ");
        }
        List<RuleSet.Match> matches = new ArrayList<>();
        for (int at = 0; at + 16 <= text.length(); at += 16) {
            matches.add(new RuleSet.Match(ALLOW, at, at + 10));
            matches.add(new RuleSet.Match(BLOCK, at + 1, at + 5));
            matches.add(new RuleSet.Match(BLOCK, at + 11, at + 15));
        }
        List<RuleSet.Match> kept = ContentPolicy.withoutAllowed(matches);
        assertEquals(matches.size() / 3, kept.size());
        assertEquals(reference(matches.subList(0, 3_000)), ContentPolicy.withoutAllowed(matches.subList(0, 3_000)));
    }
}
