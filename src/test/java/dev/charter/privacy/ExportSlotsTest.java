package dev.charter.privacy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.common.ProblemException;
import org.junit.jupiter.api.Test;

class ExportSlotsTest {

    @Test
    void oneExportPerSubjectAndAFixedNumberInTotal() {
        ExportSlots slots = new ExportSlots(2);
        ExportSlots.Slot alice = slots.acquire("alice");
        ProblemException again = assertThrows(ProblemException.class, () -> slots.acquire("alice"));
        assertEquals(429, again.status());
        assertEquals("rate_limited", again.code());
        assertEquals(10, again.extensions().get("retryAfter"));

        ExportSlots.Slot bob = slots.acquire("bob");
        assertEquals(
                429,
                assertThrows(ProblemException.class, () -> slots.acquire("carol"))
                        .status());

        bob.close();
        bob.close(); // a second close releases nothing more
        ExportSlots.Slot carol = slots.acquire("carol");
        assertEquals(
                429,
                assertThrows(ProblemException.class, () -> slots.acquire("dave"))
                        .status());
        // A refused total leaves the subject free to try again.
        alice.close();
        carol.close();
        assertDoesNotThrow(() -> slots.acquire("dave"));
        assertDoesNotThrow(() -> slots.acquire("carol"));
    }
}
