package dev.charter.moderation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules compiled once into one automaton. A file under {@code moderation/<name>.txt} has one rule a line,
 * {@code <action> <category> <term>}, where the term may contain spaces; {@code #} starts a comment.
 * Terms are normalised like messages (case, accents, confusables, leetspeak and spacing do not matter) and
 * match whole words only, so "ass" is found in "a$$" but not in "classic".
 */
final class RuleSet {

    /** A word-aligned occurrence of a rule in the normalised text. */
    record Match(Rule rule, int from, int to) {}

    private final List<Rule> rules;
    private final AhoCorasick automaton;

    RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.automaton = new AhoCorasick(
                rules.stream().map(r -> TextNormalizer.term(r.term())).toList());
    }

    int size() {
        return rules.size();
    }

    List<Match> matches(TextNormalizer.Normalized text) {
        List<Match> found = new ArrayList<>();
        for (AhoCorasick.Hit hit : automaton.find(text.chars())) {
            int from = hit.end() - hit.length();
            int last = hit.end() - 1;
            if (text.wordStart()[from] && text.wordEnd()[last]) {
                found.add(new Match(rules.get(hit.term()), from, hit.end()));
            }
        }
        return found;
    }

    /** The rules of {@code moderation/<name>.txt}; empty when there is no such file. */
    static List<Rule> load(String name) {
        InputStream in =
                Thread.currentThread().getContextClassLoader().getResourceAsStream("moderation/" + name + ".txt");
        if (in == null) {
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] parts = content.split("\\s+", 3);
                if (parts.length < 3) {
                    throw new IllegalStateException(
                            "moderation/" + name + ".txt line " + number + ": expected '<action> <category> <term>'");
                }
                try {
                    rules.add(new Rule(Rule.Action.parse(parts[0]), parts[1], parts[2].trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("moderation/" + name + ".txt line " + number
                            + ": action must be allow, mask, flag or block");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }
}
