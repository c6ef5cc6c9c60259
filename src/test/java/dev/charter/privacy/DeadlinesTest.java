package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rights-request deadlines per jurisdiction as time passes (the service clock moved forward): GDPR one month
 * plus two on extension (Art. 12(3)), CCPA 45 days (Cal. Civ. Code § 1798.130(a)(2)(A)).
 */
@QuarkusTest
public class DeadlinesTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static final String OVERDUE = "/v1/admin/requests?status=open&overdue=true";

    @Test
    void requestsFallOverdueOnTheirJurisdictionsScheduleAndAnExtensionMovesTheDeadline() {
        String european = Api.register(Tokens.newUserId("de-subject"));
        String californian = Tokens.claims(Tokens.newUserId("ca-consumer"), "US")
                .claim("subdivision", "US-CA")
                .sign(Tokens.key());
        String gdpr = Api.as(european)
                .body(Map.of("type", "objection"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("jurisdiction", equalTo("GDPR"))
                .extract()
                .path("id");
        String ccpa = Api.as(californian)
                .body(Map.of("type", "rectification"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("jurisdiction", equalTo("CCPA"))
                .extract()
                .path("id");
        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");

        TestClock.advance(Duration.ofDays(27));
        Api.as(officer)
                .get(OVERDUE)
                .then()
                .statusCode(200)
                .body("id", not(hasItem(gdpr)))
                .body("id", not(hasItem(ccpa)));

        TestClock.advance(Duration.ofDays(5)); // day 32: past one month, within 45 days
        Api.as(officer)
                .get(OVERDUE)
                .then()
                .statusCode(200)
                .body("id", hasItem(gdpr))
                .body("id", not(hasItem(ccpa)))
                .body("find { it.id == '" + gdpr + "' }.overdue", equalTo(true));

        Api.as(officer)
                .body(Map.of("reason", "complex: several systems hold the data"))
                .post("/v1/admin/requests/" + gdpr + "/extend")
                .then()
                .statusCode(200);
        Api.as(officer).get(OVERDUE).then().body("id", not(hasItem(gdpr)));

        TestClock.advance(Duration.ofDays(14)); // day 46
        Api.as(officer).get(OVERDUE).then().body("id", hasItem(ccpa)).body("id", not(hasItem(gdpr)));
        Api.as(officer).get("/v1/admin/requests/" + ccpa).then().statusCode(200).body("overdue", equalTo(true));

        TestClock.advance(Duration.ofDays(50)); // day 96: past one month + two
        Api.as(officer).get(OVERDUE).then().body("id", hasItem(gdpr));
    }
}
