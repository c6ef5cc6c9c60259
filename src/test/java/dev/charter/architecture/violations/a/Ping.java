package dev.charter.architecture.violations.a;

import dev.charter.architecture.violations.b.Pong;

/** Half of a package cycle, for ArchitectureTest to catch. */
public class Ping {

    public Pong next() {
        return new Pong();
    }
}
