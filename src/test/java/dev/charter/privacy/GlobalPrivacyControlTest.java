package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code Sec-GPC: 1} as a CCPA opt-out of sale and sharing, and the purpose behind "Do Not Sell or Share". */
@QuarkusTest
class GlobalPrivacyControlTest {

    private static final String SALE = "sale_or_sharing";

    private static String californian(String sub) {
        return Tokens.claims(sub, "US").claim("subdivision", "US-CA").sign(Tokens.key());
    }

    private static ValidatableResponse consentsWithGpc(String token) {
        return Api.as(token)
                .header("Sec-GPC", "1")
                .get("/v1/me/consents")
                .then()
                .statusCode(200);
    }

    private static long gpcWithdrawals(String sub) {
        return Db.count(
                "SELECT count(*) FROM consent WHERE user_id = ? AND purpose = 'sale_or_sharing'"
                        + " AND status = 'withdrawn' AND source = 'gpc'",
                sub);
    }

    private static long auditedGpcWithdrawals(String sub) {
        return Db.count(
                "SELECT count(*) FROM audit_event WHERE subject = ? AND action = 'consent.withdrawn'"
                        + " AND details->>'purpose' = 'sale_or_sharing' AND details->>'source' = 'gpc'",
                sub);
    }

    @Test
    void theSignalOfACalifornianIsRecordedOnceAsAnAuditedWithdrawal() {
        String sub = Tokens.newUserId("gpc-ca");
        String token = californian(sub);

        consentsWithGpc(token).body("find { it.purpose == 'sale_or_sharing' }.status", equalTo("withdrawn"));
        consentsWithGpc(token);
        Api.as(token).header("Sec-GPC", "1").get("/v1/conversations").then().statusCode(200);

        assertEquals(1, gpcWithdrawals(sub));
        assertEquals(1, auditedGpcWithdrawals(sub));
    }

    @Test
    void simultaneousSignalsRecordOneWithdrawal() {
        String sub = Tokens.newUserId("gpc-burst");
        String token = californian(sub);
        Api.as(token).get("/v1/me/consents").then().statusCode(200);

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() ->
                    Api.as(token).header("Sec-GPC", "1").get("/v1/me/consents").statusCode()));
        }
        calls.forEach(call -> assertEquals(200, call.join()));

        assertEquals(1, gpcWithdrawals(sub));
        assertEquals(1, auditedGpcWithdrawals(sub));
    }

    @Test
    void aLaterOptInIsWithdrawnAgainByTheNextSignal() {
        String sub = Tokens.newUserId("gpc-optin");
        String token = californian(sub);
        consentsWithGpc(token);
        String version =
                Api.as(token).get("/v1/privacy/policy").then().extract().path("version");
        Api.as(token)
                .body(Map.of("granted", true, "policyVersion", version, "locale", "en-US"))
                .put("/v1/me/consents/" + SALE)
                .then()
                .statusCode(200)
                .body("status", equalTo("granted"));

        consentsWithGpc(token).body("find { it.purpose == 'sale_or_sharing' }.status", equalTo("withdrawn"));

        assertEquals(2, gpcWithdrawals(sub));
    }

    @Test
    void withoutTheSignalOrOutsideCaliforniaNothingIsRecorded() {
        String californian = Tokens.newUserId("gpc-none");
        Api.as(californian(californian))
                .header("Sec-GPC", "0")
                .get("/v1/me/consents")
                .then()
                .statusCode(200)
                .body("find { it.purpose == 'sale_or_sharing' }.status", equalTo("none"));

        String german = Tokens.newUserId("gpc-de");
        consentsWithGpc(Tokens.user(german)).body("find { it.purpose == 'sale_or_sharing' }.status", equalTo("none"));

        String texan = Tokens.newUserId("gpc-tx");
        consentsWithGpc(Tokens.claims(texan, "US").claim("subdivision", "US-TX").sign(Tokens.key()));

        assertEquals(
                0, Db.count("SELECT count(*) FROM consent WHERE user_id IN (?, ?, ?)", californian, german, texan));
    }

    @Test
    void doNotSellOrShareIsAWithdrawalThroughTheConsentApi() {
        String sub = Tokens.newUserId("dnss");
        String token = californian(sub);
        String version =
                Api.as(token).get("/v1/privacy/policy").then().extract().path("version");
        Api.as(token)
                .body(Map.of("granted", false, "policyVersion", version, "locale", "en-US"))
                .put("/v1/me/consents/" + SALE)
                .then()
                .statusCode(200)
                .body("purpose", equalTo(SALE))
                .body("status", equalTo("withdrawn"));

        consentsWithGpc(token);

        assertEquals(0, gpcWithdrawals(sub), "already opted out: the signal adds nothing");
        assertEquals(
                1, Db.count("SELECT count(*) FROM consent WHERE user_id = ? AND purpose = 'sale_or_sharing'", sub));
    }
}
