package dev.charter.audit;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Records the effective configuration's hash at start-up, so a changed deployment (countries served, key
 * provider, retention, rule sets...) leaves a trace in the chain. Secrets are left out of the hash: a hash
 * of a weak password in an audit record would invite guessing. Only the names of what was left out are kept.
 */
@ApplicationScoped
public class ConfigurationAudit {

    private static final List<String> PREFIXES = List.of(
            "charter.",
            "mp.jwt.",
            "quarkus.http.",
            "quarkus.datasource.",
            "quarkus.websockets-next.",
            "quarkus.flyway.",
            "smallrye.jwt.");
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(password|master-key|checkpoint-key|secret|private|" + "credential|sign\\.key).*");

    private final AuditLog audit;

    ConfigurationAudit(AuditLog audit) {
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> effective = new TreeMap<>();
        List<String> secrets = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (PREFIXES.stream().noneMatch(name::startsWith)) {
                continue;
            }
            if (SECRET.matcher(name).matches()) {
                secrets.add(name);
                continue;
            }
            try {
                Optional<String> value = config.getOptionalValue(name, String.class);
                value.ifPresent(v -> effective.put(name, v));
            } catch (RuntimeException unresolvable) {
                effective.put(name, "<unresolvable>");
            }
        }
        StringBuilder canonical = new StringBuilder();
        effective.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("configHash", AuditChain.sha256Hex(canonical.toString()));
        details.put("properties", effective.size());
        details.put("excluded", secrets.stream().sorted().toList());
        details.put("profile", LaunchMode.current().getProfileKey());
        audit.record(AuditLog.SYSTEM, "config.loaded", null, details).await().atMost(Duration.ofSeconds(30));
    }
}
