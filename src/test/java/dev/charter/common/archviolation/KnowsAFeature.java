package dev.charter.common.archviolation;

import dev.charter.architecture.violations.StoreRepository;

/** Common code that imports a feature, for ArchitectureTest to catch. */
public class KnowsAFeature {

    public String read() {
        return new StoreRepository().read();
    }
}
