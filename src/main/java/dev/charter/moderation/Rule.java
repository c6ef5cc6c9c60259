package dev.charter.moderation;

/** One line of a rule file: what to do ({@link Action}) when {@code term} appears, and under which category. */
record Rule(Action action, String category, String term) {

    enum Action {
        ALLOW,
        MASK,
        FLAG,
        BLOCK;

        static Action parse(String text) {
            return Action.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
