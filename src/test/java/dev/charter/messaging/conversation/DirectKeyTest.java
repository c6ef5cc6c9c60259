package dev.charter.messaging.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DirectKeyTest {

    @Test
    void plainIdsKeepTheirFormInEitherOrder() {
        assertEquals("alice|bob", DirectKey.of("alice", "bob"));
        assertEquals("alice|bob", DirectKey.of("bob", "alice"));
    }

    @Test
    void idsHoldingTheSeparatorNeverShareAKey() {
        assertNotEquals(DirectKey.of("a|b", "c"), DirectKey.of("a", "b|c"));
        assertNotEquals(DirectKey.of("a\\", "b"), DirectKey.of("a", "\\b"));
        assertNotEquals(DirectKey.of("a\\|b", "c"), DirectKey.of("a\\", "b|c"));
        assertEquals("a\\|b|c", DirectKey.of("c", "a|b"));
    }
}
