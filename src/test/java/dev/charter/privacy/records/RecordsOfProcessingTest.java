package dev.charter.privacy.records;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/admin/records-of-processing} and the contacts the policy names. */
@QuarkusTest
class RecordsOfProcessingTest {

    private static final String PATH = "/v1/admin/records-of-processing";

    private static String officer() {
        return Tokens.withRoles(Tokens.newUserId("officer"), "user", "privacy-officer");
    }

    @Test
    void oneRecordPerJurisdictionThisRegionServes() {
        Api.as(officer())
                .get(PATH)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                // The test region serves DE, FR, ..., GB, US, SG, IN, JP, BR: not China, Indonesia or Saudi Arabia.
                .body(
                        "records.jurisdiction",
                        hasItems("GDPR", "UK_GDPR", "CCPA", "US", "PDPA_SG", "DPDP", "APPI", "LGPD"))
                .body("records.jurisdiction", not(hasItem("PIPL")))
                .body("records.jurisdiction", not(hasItem("PDP_ID")));
    }

    @Test
    void theGdprRecordHasEveryArticle30Element() {
        String gdpr = "records.find { it.jurisdiction == 'GDPR' }";
        Api.as(officer())
                .get(PATH)
                .then()
                .statusCode(200)
                .body(gdpr + ".duty", equalTo("GDPR Art. 30(1)"))
                .body(gdpr + ".controller.name", equalTo("Charter Test Operator"))
                .body(gdpr + ".dpo.email", equalTo("dpo@charter.test"))
                .body(gdpr + ".purposes.id", hasItems("messaging", "analytics", "sale_or_sharing"))
                .body(gdpr + ".purposes.find { it.id == 'messaging' }.legalBasis", equalTo("contract"))
                .body(gdpr + ".purposes.find { it.id == 'messaging' }.legalBasisSource", equalTo("GDPR Art. 6(1)(b)"))
                .body(
                        gdpr + ".purposes.find { it.id == 'analytics' }.legalBasisSource",
                        startsWith("GDPR Art. 6(1)(a)"))
                .body(
                        gdpr + ".purposes.find { it.id == 'messaging' }.dataCategories",
                        hasItem(containsString("message contents")))
                .body(gdpr + ".dataSubjects", hasItem(containsString("Users")))
                .body(gdpr + ".recipients.name", hasItems("Amazon Web Services", "Apple Push Notification service"))
                .body(gdpr + ".transfers.restricted", equalTo(true))
                .body(gdpr + ".transfers.adequacy.to", hasItem("UK_GDPR"))
                .body(gdpr + ".transfers.mechanisms.id", hasItem("scc"))
                // %test.charter.transfers.in-place=GDPR:US:dpf,...
                .body(gdpr + ".transfers.inPlace.find { it.to == 'US' }.mechanism", equalTo("dpf"))
                .body(gdpr + ".retention.days", equalTo(365))
                .body(gdpr + ".retention.source", containsString("Art. 5(1)(e)"))
                .body(gdpr + ".securityMeasures", hasItem(containsString("end-to-end")))
                .body(gdpr + ".securityMeasures", hasItem(containsString("AES-256-GCM")));
    }

    @Test
    void contactsAndDutiesDifferPerJurisdiction() {
        Api.as(officer())
                .get(PATH)
                .then()
                .statusCode(200)
                .body(
                        "records.find { it.jurisdiction == 'UK_GDPR' }.representative.email",
                        equalTo("uk-rep@charter.test"))
                .body("records.find { it.jurisdiction == 'UK_GDPR' }.dpo", nullValue())
                .body("records.find { it.jurisdiction == 'LGPD' }.duty", equalTo("LGPD Art. 37"))
                .body("records.find { it.jurisdiction == 'US' }.duty", nullValue())
                .body("records.find { it.jurisdiction == 'CCPA' }.transfers.restricted", equalTo(false));
    }

    @Test
    void markdownOnRequest() {
        Api.as(officer())
                .accept("text/markdown")
                .get(PATH)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .body(startsWith("# Records of processing activities"))
                .body(containsString("## GDPR: "))
                .body(containsString("- Record kept under: GDPR Art. 30(1)"))
                .body(containsString("- Data protection officer: Data Protection Officer, dpo@charter.test"))
                .body(containsString(
                        "| `messaging`: Delivering and storing your messages | contract | GDPR Art. 6(1)(b) |"))
                .body(containsString("- Mechanisms in place: dpf to US"))
                .body(containsString("## LGPD: "))
                .body(not(containsString("## PIPL")));
    }

    @Test
    void onlyThePrivacyOfficerReadsThem() {
        Api.as(Tokens.user(Tokens.newUserId("plain")))
                .get(PATH)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(Tokens.withRoles(Tokens.newUserId("mod"), "user", "moderator"))
                .get(PATH)
                .then()
                .statusCode(403);
        RestAssured.given().get(PATH).then().statusCode(401);
    }

    @Test
    void thePolicyNamesTheControllerAndTheContactsOfServedJurisdictions() {
        RestAssured.given()
                .get("/v1/privacy/policy?locale=hi-IN")
                .then()
                .statusCode(200)
                .body("locale", equalTo("hi-IN"))
                .body("controller.email", equalTo("privacy@charter.test"))
                .body("contacts.find { it.jurisdiction == 'GDPR' }.dpo.email", equalTo("dpo@charter.test"))
                .body(
                        "contacts.find { it.jurisdiction == 'UK_GDPR' }.representative.name",
                        equalTo("Charter UK Representative"))
                .body("contacts.jurisdiction", not(hasItem("CCPA")))
                .body("purposes.id", hasItem("sale_or_sharing"));
    }
}
