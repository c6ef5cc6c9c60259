package dev.charter.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** As chatty as an operator debugging production would make it: Charter at DEBUG and the HTTP access log on. */
public class LogScanProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.category.\"dev.charter\".level", "DEBUG",
                "quarkus.http.access-log.enabled", "true");
    }
}
