package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a server that was just put under stress still serves. */
public final class ServerHealth {

    private ServerHealth() {}

    /** A new connection is welcomed, its ping answered within a second, and {@code /q/health/ready} says 200. */
    public static void assertResponsive(int port, String token) throws Exception {
        try (RawWs ws = RawWs.connect(port, token)) {
            Frames.assertWelcome(ws);
            long start = System.nanoTime();
            ws.sendText(Frames.ping("responsive"));
            ws.setReadTimeout(1_000);
            RawWs.Message pong = ws.read();
            assertNotNull(pong, "a ping is answered within a second");
            assertEquals("pong", Frames.json(pong).path("type").asText());
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
        }
        assertEquals(200, Management.readiness(Management.port()), "readiness");
    }
}
