package dev.charter.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current privacy policy (src/main/resources/privacy/policy.json): its version, purposes and texts per
 * locale. The version declares the SHA-256 of every translation; a text that does not match its declared
 * hash is refused at start-up, and a grant naming a locale outside that set is refused, so a user can
 * never consent to a translation that says something other than the version they are bound by.
 */
@ApplicationScoped
public class PrivacyPolicy {

    public static final String MESSAGING = "messaging";

    @RegisterForReflection
    public record Purpose(String id, String legalBasis, String description, boolean optional) {}

    @RegisterForReflection
    public record Document(
            String version,
            String canonicalLocale,
            List<Purpose> purposes,
            Map<String, String> texts,
            Map<String, String> translations) {}

    private final Document document;

    public PrivacyPolicy() {
        try (InputStream in =
                Thread.currentThread().getContextClassLoader().getResourceAsStream("privacy/policy.json")) {
            if (in == null) {
                throw new IllegalStateException("privacy/policy.json is missing");
            }
            this.document = new ObjectMapper().readValue(in, Document.class);
        } catch (IOException e) {
            throw new IllegalStateException("privacy/policy.json is invalid", e);
        }
        validate(document);
    }

    static void validate(Document policy) {
        if (policy.version() == null
                || policy.texts() == null
                || policy.translations() == null
                || !policy.texts().containsKey(policy.canonicalLocale())) {
            throw new IllegalStateException("privacy policy needs a version, texts and the canonical locale's text");
        }
        if (policy.purposes().stream().noneMatch(p -> MESSAGING.equals(p.id()) && !p.optional())) {
            throw new IllegalStateException("privacy policy must declare 'messaging' as a non-optional purpose");
        }
        policy.texts().forEach((locale, text) -> {
            if (!sha256(text).equals(policy.translations().get(locale))) {
                throw new IllegalStateException("privacy policy " + policy.version() + ": the " + locale
                        + " text does not match the hash its version declares");
            }
        });
    }

    public String version() {
        return document.version();
    }

    public List<Purpose> purposes() {
        return document.purposes();
    }

    public Optional<Purpose> purpose(String id) {
        return document.purposes().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<String> optionalPurposes() {
        return document.purposes().stream()
                .filter(Purpose::optional)
                .map(Purpose::id)
                .toList();
    }

    /** True when this locale belongs to the version's declared translation set. */
    public boolean hasLocale(String locale) {
        return locale != null && document.translations().containsKey(locale);
    }

    /** The text in this locale, or the canonical one when there is no such translation. */
    public Map.Entry<String, String> text(String locale) {
        String served = hasLocale(locale) ? locale : document.canonicalLocale();
        return Map.entry(served, document.texts().get(served));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
