package dev.charter.architecture.violations;

/** An endpoint that skips its service, for ArchitectureTest to catch. */
public class ShortcutResource {

    private final StoreRepository store = new StoreRepository();

    public String read() {
        return store.read();
    }
}
