package dev.charter.privacy;

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

    PolicyResource(PrivacyPolicy policy) {
        this.policy = policy;
    }

    public record PurposeBody(String id, String legalBasis, String description) {}

    public record PolicyBody(String version, String locale, String text, List<PurposeBody> purposes) {}

    @GET
    public PolicyBody policy(@QueryParam("locale") String locale) {
        Map.Entry<String, String> text = policy.text(locale);
        return new PolicyBody(
                policy.version(),
                text.getKey(),
                text.getValue(),
                policy.purposes().stream()
                        .map(p -> new PurposeBody(p.id(), p.legalBasis(), p.description()))
                        .toList());
    }
}
