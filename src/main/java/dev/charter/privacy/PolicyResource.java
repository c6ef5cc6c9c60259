package dev.charter.privacy;

import dev.charter.jurisdiction.ServedJurisdictions;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/privacy/policy?locale=de-DE}: what a user is asked to agree to. No authentication. */
@Path("/v1/privacy/policy")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PrivacyPolicy policy;
    private final PrivacyContacts contacts;
    private final ServedJurisdictions served;

    PolicyResource(PrivacyPolicy policy, PrivacyContacts contacts, ServedJurisdictions served) {
        this.policy = policy;
        this.contacts = contacts;
        this.served = served;
    }

    public record PurposeBody(String id, String legalBasis, String description) {}

    /**
     * {@code controller} and {@code contacts} (the data protection officer and representative of each jurisdiction
     * this region serves, where configured) are additions to the contract's fields.
     */
    public record PolicyBody(
            String version,
            String locale,
            String text,
            List<PurposeBody> purposes,
            PrivacyContacts.Party controller,
            List<PrivacyContacts.Contacts> contacts) {}

    @GET
    public PolicyBody policy(@QueryParam("locale") String locale) {
        Map.Entry<String, String> text = policy.text(locale);
        return new PolicyBody(
                policy.version(),
                text.getKey(),
                text.getValue(),
                policy.purposes().stream()
                        .map(p -> new PurposeBody(p.id(), p.legalBasis(), p.description()))
                        .toList(),
                contacts.controller(),
                contacts.of(served.ids()));
    }
}
