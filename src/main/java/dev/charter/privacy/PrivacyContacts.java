package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.jurisdiction.JurisdictionDirectory;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The controller and, per jurisdiction, the data protection officer and the local representative, from
 * {@code charter.privacy.controller.*} and {@code charter.privacy.contacts."ID".*}. Checked at start-up: a
 * contact for a jurisdiction without a profile is a typo that would leave the real one unnamed.
 */
@Singleton
@Startup
public class PrivacyContacts {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String name, String email, String address) {

        static Party of(Optional<String> name, Optional<String> email, Optional<String> address) {
            return name.isEmpty() && email.isEmpty() && address.isEmpty()
                    ? null
                    : new Party(name.orElse(null), email.orElse(null), address.orElse(null));
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contacts(String jurisdiction, Party dpo, Party representative) {}

    private final Party controller;
    private final Map<String, Contacts> byJurisdiction = new TreeMap<>();

    PrivacyContacts(PrivacyConfig config, JurisdictionDirectory jurisdictions) {
        PrivacyConfig.Controller c = config.controller();
        this.controller = Party.of(c.name(), c.email(), c.address());
        config.contacts().forEach((id, contact) -> {
            if (jurisdictions.profile(id).isEmpty()) {
                throw new IllegalStateException(
                        "charter.privacy.contacts.\"" + id + "\" names no jurisdiction; known: " + jurisdictions.all());
            }
            byJurisdiction.put(
                    id,
                    new Contacts(
                            id,
                            Party.of(contact.dpoName(), contact.dpoEmail(), Optional.empty()),
                            Party.of(
                                    contact.representativeName(),
                                    contact.representativeEmail(),
                                    contact.representativeAddress())));
        });
    }

    /** The controller, or null when not configured. */
    public Party controller() {
        return controller;
    }

    public Optional<Contacts> of(String jurisdiction) {
        return Optional.ofNullable(byJurisdiction.get(jurisdiction));
    }

    /** The configured contacts of these jurisdictions, in their order. */
    public List<Contacts> of(List<String> jurisdictions) {
        return jurisdictions.stream()
                .map(byJurisdiction::get)
                .filter(Objects::nonNull)
                .toList();
    }
}
