package dev.charter.moderation;

import dev.charter.jurisdiction.JurisdictionDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Content rules per jurisdiction, decided before a message is stored. Each jurisdiction profile names its
 * rule set ({@code contentRuleSet}); the set is the {@code default} rules plus
 * {@code moderation/<set>.txt}, compiled once at start-up into one automaton, so a decision is one pass
 * over the text whatever the number of rules. A profile naming a set with no file stops the start-up.
 * End-to-end encrypted conversations are never passed here: the server cannot read them, and reports
 * carry the reporter's copy instead.
 */
@Singleton
public class ContentPolicy {

    private static final Logger LOG = Logger.getLogger(ContentPolicy.class);
    static final String DEFAULT_SET = "default";

    private final RuleSet defaults;
    private final Map<String, RuleSet> byJurisdiction = new HashMap<>();

    @Inject
    public ContentPolicy(JurisdictionDirectory jurisdictions) {
        List<Rule> base = RuleSet.load(DEFAULT_SET);
        if (base.isEmpty()) {
            throw new IllegalStateException("moderation/" + DEFAULT_SET + ".txt is missing or empty");
        }
        this.defaults = new RuleSet(base);
        Map<String, RuleSet> bySet = new HashMap<>();
        for (String jurisdiction : jurisdictions.all()) {
            String set = jurisdictions
                    .profile(jurisdiction)
                    .orElseThrow()
                    .contentRuleSet()
                    .value();
            byJurisdiction.put(jurisdiction, bySet.computeIfAbsent(set, name -> {
                List<Rule> own = RuleSet.load(name);
                if (own.isEmpty()) {
                    throw new IllegalStateException("jurisdiction " + jurisdiction + " names content rule set '" + name
                            + "', but moderation/" + name + ".txt is missing or empty");
                }
                List<Rule> all = new ArrayList<>(base);
                all.addAll(own);
                return new RuleSet(all);
            }));
        }
        LOG.infof("content rules: %d default, %d jurisdiction sets", defaults.size(), bySet.size());
    }

    /** The decision for {@code text} under the rules of {@code jurisdiction} (the defaults when unknown). */
    public PolicyDecision decide(String jurisdiction, String text) {
        if (text == null || text.isEmpty()) {
            return PolicyDecision.allow(text);
        }
        RuleSet rules = jurisdiction == null ? defaults : byJurisdiction.getOrDefault(jurisdiction, defaults);
        TextNormalizer.Normalized normalized = TextNormalizer.normalize(text);
        List<RuleSet.Match> matches = withoutAllowed(rules.matches(normalized));
        if (matches.isEmpty()) {
            return PolicyDecision.allow(text);
        }
        String blocked = null;
        String flagged = null;
        List<RuleSet.Match> masks = new ArrayList<>();
        for (RuleSet.Match match : matches) {
            switch (match.rule().action()) {
                case BLOCK -> blocked = blocked == null ? match.rule().category() : blocked;
                case FLAG -> flagged = flagged == null ? match.rule().category() : flagged;
                case MASK -> masks.add(match);
                case ALLOW -> {}
            }
        }
        if (blocked != null) {
            return new PolicyDecision("block", blocked, null, null);
        }
        if (!masks.isEmpty()) {
            return new PolicyDecision("mask", masks.get(0).rule().category(), mask(text, normalized, masks), flagged);
        }
        return new PolicyDecision("flag", flagged, text, flagged);
    }

    /**
     * An {@code allow} rule (say, a place name) protects whatever lies inside it from the other rules. Linear in
     * the matches and the text: for each position, how far the allowed spans starting at or before it reach; a
     * match lies inside one when that reach covers its end. (Comparing every match with every allowed span was
     * quadratic: a long text alternating allowed and blocked words stalled an event loop.)
     */
    static List<RuleSet.Match> withoutAllowed(List<RuleSet.Match> matches) {
        if (matches.isEmpty()) {
            return matches; // most messages: nothing to allocate
        }
        int end = 0;
        boolean anyAllowed = false;
        for (RuleSet.Match m : matches) {
            end = Math.max(end, m.to());
            anyAllowed |= m.rule().action() == Rule.Action.ALLOW;
        }
        if (!anyAllowed) {
            return matches;
        }
        int[] reach = new int[end + 1];
        for (RuleSet.Match m : matches) {
            if (m.rule().action() == Rule.Action.ALLOW) {
                reach[m.from()] = Math.max(reach[m.from()], m.to());
            }
        }
        for (int i = 1; i <= end; i++) {
            reach[i] = Math.max(reach[i], reach[i - 1]);
        }
        List<RuleSet.Match> kept = new ArrayList<>();
        for (RuleSet.Match m : matches) {
            if (m.rule().action() != Rule.Action.ALLOW && reach[m.from()] < m.to()) {
                kept.add(m);
            }
        }
        return kept;
    }

    /** Replaces every visible character of each match's original span with '*'. */
    private static String mask(String text, TextNormalizer.Normalized normalized, List<RuleSet.Match> masks) {
        boolean[] hidden = new boolean[text.length()];
        for (RuleSet.Match m : masks) {
            for (int i = normalized.start()[m.from()]; i < normalized.end()[m.to() - 1]; i++) {
                hidden[i] = true;
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int count = Character.charCount(cp);
            if (hidden[i] && !Character.isWhitespace(cp)) {
                out.append('*');
            } else {
                out.appendCodePoint(cp);
            }
            i += count;
        }
        return out.toString();
    }
}
