package dev.charter.crypto;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Master key version 2 is current; version 1 (the usual test key) is still configured, to be retired. */
public class RotationProfile implements QuarkusTestProfile {

    static final String V1 = "q9Zp0l7hX3m8cT1vR4yB6nW2sJ5kD0fG7aH9eL3uQ1o=";
    static final String V2 = "Wm5hY2h0ZW4gcm90YXRpb24gdGVzdCBrZXkgdjIhIT0=";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "charter.keys.local.master-key",
                V2,
                "charter.keys.local.master-key-version",
                "2",
                "charter.keys.local.previous-master-keys",
                "1:" + V1);
    }
}
