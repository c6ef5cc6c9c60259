package dev.charter.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The current privacy policy (src/main/resources/privacy/policy.json): its version, purposes and texts per
 * locale. The version declares the SHA-256 of every translation; a text that does not match its declared
 * hash is refused at start-up, and a grant naming a locale outside that set is refused, so a user can
 * never consent to a translation that says something other than the version they are bound by.
 */
@ApplicationScoped
public class PrivacyPolicy {

    public static final String MESSAGING = "messaging";

    /** Sale or sharing of personal information (CCPA); its withdrawal is "Do Not Sell or Share". */
    public static final String SALE_OR_SHARING = "sale_or_sharing";

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
        if (policy.purposes().stream().noneMatch(p -> SALE_OR_SHARING.equals(p.id()) && p.optional())) {
            throw new IllegalStateException(
                    "privacy policy must declare 'sale_or_sharing' as an optional purpose (Do Not Sell or Share)");
        }
        if (!policy.texts().keySet().equals(policy.translations().keySet())) {
            throw new IllegalStateException("privacy policy " + policy.version()
                    + ": every text needs a declared hash and every declared hash a text");
        }
        List<String> canonical = purposeMentions(policy, policy.texts().get(policy.canonicalLocale()));
        policy.texts().forEach((locale, text) -> {
            if (!sha256(text).equals(policy.translations().get(locale))) {
                throw new IllegalStateException("privacy policy " + policy.version() + ": the " + locale
                        + " text does not match the hash its version declares");
            }
            if (text.split(Pattern.quote(policy.version()), -1).length != 2) {
                throw new IllegalStateException("privacy policy " + policy.version() + ": the " + locale
                        + " text must name its version exactly once");
            }
            if (!purposeMentions(policy, text).equals(canonical)) {
                throw new IllegalStateException("privacy policy " + policy.version() + ": the " + locale
                        + " text names the optional purposes " + purposeMentions(policy, text) + ", the "
                        + policy.canonicalLocale() + " text " + canonical);
            }
        });
    }

    /**
     * The optional purposes' ids in the order a text names them. Every translation names them as the canonical
     * text does (ids are never translated), so no language can leave out or add a purpose a user agrees to.
     */
    static List<String> purposeMentions(Document policy, String text) {
        String ids = policy.purposes().stream()
                .filter(Purpose::optional)
                .map(p -> Pattern.quote(p.id()))
                .collect(Collectors.joining("|"));
        Matcher matcher = Pattern.compile("(?<![\\p{L}\\p{N}_])(" + ids + ")(?![\\p{L}\\p{N}_])")
                .matcher(text);
        List<String> mentions = new ArrayList<>();
        while (matcher.find()) {
            mentions.add(matcher.group(1));
        }
        return mentions;
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

    /** The locale of the authoritative text, served when a requested one has no translation. */
    public String canonicalLocale() {
        return document.canonicalLocale();
    }

    /** Every locale of the version's verified translations. */
    public Set<String> locales() {
        return document.translations().keySet();
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
