package dev.charter.messaging.conversation;

/**
 * What makes a direct conversation unique per pair: the two user ids, sorted, each with {@code \} and {@code |}
 * escaped, joined by {@code |}. Escaping keeps the key unambiguous whatever the ids hold ({@code provider|id}
 * subjects): without it {@code a|b}+{@code c} and {@code a}+{@code b|c} would share a key, and asking for one
 * conversation would return (and join the asker to) the other. Ids without either character keep the plain
 * {@code a|b} form.
 */
final class DirectKey {

    private DirectKey() {}

    static String of(String one, String other) {
        String first = one.compareTo(other) < 0 ? one : other;
        String second = first == one ? other : one;
        return escape(first) + '|' + escape(second);
    }

    private static String escape(String id) {
        if (id.indexOf('\\') < 0 && id.indexOf('|') < 0) {
            return id;
        }
        return id.replace("\\", "\\\\").replace("|", "\\|");
    }
}
