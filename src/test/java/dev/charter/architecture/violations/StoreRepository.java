package dev.charter.architecture.violations;

/** A repository for {@link ShortcutResource} to reach into. */
public class StoreRepository {

    public String read() {
        return "row";
    }
}
