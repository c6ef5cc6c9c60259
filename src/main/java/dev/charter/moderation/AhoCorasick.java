package dev.charter.moderation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** One automaton over all terms of a rule set: a single pass over the text finds every occurrence. */
final class AhoCorasick {

    /** Term {@code term} ends at {@code end} (exclusive) and is {@code length} characters long. */
    record Hit(int term, int end, int length) {}

    private final List<Map<Character, Integer>> next = new ArrayList<>();
    private final List<Integer> fail = new ArrayList<>();
    private final List<List<int[]>> out = new ArrayList<>(); // {term index, length}

    AhoCorasick(List<String> terms) {
        node();
        for (int t = 0; t < terms.size(); t++) {
            String term = terms.get(t);
            if (term.isEmpty()) {
                continue;
            }
            int state = 0;
            for (int i = 0; i < term.length(); i++) {
                Integer to = next.get(state).get(term.charAt(i));
                if (to == null) {
                    to = node();
                    next.get(state).put(term.charAt(i), to);
                }
                state = to;
            }
            out.get(state).add(new int[] {t, term.length()});
        }
        Queue<Integer> queue = new ArrayDeque<>();
        for (int child : next.get(0).values()) {
            fail.set(child, 0);
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            for (Map.Entry<Character, Integer> edge : next.get(state).entrySet()) {
                int child = edge.getValue();
                int f = fail.get(state);
                while (f != 0 && !next.get(f).containsKey(edge.getKey())) {
                    f = fail.get(f);
                }
                Integer target = next.get(f).get(edge.getKey());
                fail.set(child, target != null && target != child ? target : 0);
                out.get(child).addAll(out.get(fail.get(child)));
                queue.add(child);
            }
        }
    }

    private int node() {
        next.add(new HashMap<>());
        fail.add(0);
        out.add(new ArrayList<>());
        return next.size() - 1;
    }

    List<Hit> find(char[] text) {
        List<Hit> hits = new ArrayList<>();
        int state = 0;
        for (int i = 0; i < text.length; i++) {
            char c = text[i];
            while (state != 0 && !next.get(state).containsKey(c)) {
                state = fail.get(state);
            }
            state = next.get(state).getOrDefault(c, 0);
            for (int[] o : out.get(state)) {
                hits.add(new Hit(o[0], i + 1, o[1]));
            }
        }
        return hits;
    }
}
