package dev.charter.breach;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Disabled;

@QuarkusIntegrationTest
public class BreachIT extends BreachTest {

    @Override
    @Disabled("the packaged app runs on the system clock; TestClock moves only the in-process one")
    void timeLeftShrinksAsTimePassesUntilOverdue() {}
}
