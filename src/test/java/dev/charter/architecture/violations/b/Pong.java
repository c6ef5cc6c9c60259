package dev.charter.architecture.violations.b;

import dev.charter.architecture.violations.a.Ping;

/** The other half of the package cycle. */
public class Pong {

    public Ping next() {
        return new Ping();
    }
}
