package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The export names whom the user can turn to: the contacts the test profile configures for GDPR. */
@QuarkusTest
public class ExportContactsTest {

    @Test
    void theExportNamesTheUsersDpoAndNoUnconfiguredRepresentative() {
        String token = Api.register(Tokens.newUserId("contacts"));
        String id = Api.as(token)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Api.as(token)
                .get("/v1/me/requests/" + id + "/export")
                .then()
                .statusCode(200)
                .body("privacyContacts.jurisdiction", equalTo("GDPR"))
                .body("privacyContacts.dpo.name", equalTo("Data Protection Officer"))
                .body("privacyContacts.dpo.email", equalTo("dpo@charter.test"))
                .body("privacyContacts.representative", nullValue());
    }
}
