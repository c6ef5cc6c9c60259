package dev.charter.jurisdiction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;

/** Which region this deployment is and which countries it serves. */
@ConfigMapping(prefix = "charter")
public interface RegionConfig {

    /** This deployment's region name, e.g. {@code eu-central-1}. */
    @WithDefault("local")
    String region();

    /** ISO 3166-1 alpha-2 codes served here; {@code *} serves every country. Required in prod. */
    List<String> countries();

    /**
     * Where other countries are served (country -> region), so a refused user can be told where to go.
     * Optional: without an entry the refusal names no region.
     */
    Map<String, String> regionDirectory();
}
