package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.charter.common.Cursor;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The privacy officer's list pages by deadline, and one user cannot flood it with open requests. */
@QuarkusTest
public class OfficerListTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void theListPagesEarliestDeadlineFirstWithoutGapsOrRepeats() {
        // Far in the service clock's future, so this test's requests have the latest deadlines of the run.
        TestClock.advance(Duration.ofDays(36_500 + ThreadLocalRandom.current().nextInt(100_000)));
        var start = TestClock.now();
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String user = Api.register(Tokens.newUserId("listed"));
            filed.add(Api.as(user)
                    .body(Map.of("type", "objection"))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id"));
            TestClock.advance(Duration.ofMinutes(1));
        }
        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");

        String next = "/v1/admin/requests?status=open&limit=2&after="
                + Cursor.after(start, new UUID(0, 0)).token();
        List<String> seen = new ArrayList<>();
        int pages = 0;
        while (seen.size() < filed.size()) {
            Response page = Api.as(officer).get(next);
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("id"));
            pages++;
            String link = page.header("Link");
            if (seen.size() < filed.size()) {
                assertNotNull(link, "a page short of the end names the next one");
                Matcher m = NEXT.matcher(link);
                org.junit.jupiter.api.Assertions.assertTrue(m.matches(), link);
                next = m.group(1);
            }
        }
        assertEquals(filed, seen.subList(0, filed.size()), "deadline order, no gap, no repeat");
        assertEquals(3, pages);

        Api.as(officer).get("/v1/admin/requests?after=not-a-cursor").then().statusCode(400);
        Api.as(officer).get("/v1/admin/requests?limit=0").then().statusCode(400);
    }

    @Test
    void aUserWithTooManyOpenRequestsIsToldToWaitAndARepeatIsAnsweredWithTheOpenOne() {
        String user = Api.register(Tokens.newUserId("flooder"));
        String first = null;
        for (int i = 0; i < 10; i++) {
            String id = Api.as(user)
                    .body(Map.of("type", "rectification", "details", Map.of("field", "name", "value", "v" + i)))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            first = first == null ? id : first;
        }
        Api.as(user)
                .body(Map.of("type", "rectification", "details", Map.of("field", "name", "value", "v0")))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("id", equalTo(first));
        Api.as(user)
                .body(Map.of("type", "objection"))
                .post("/v1/me/requests")
                .then()
                .statusCode(429)
                .header("Retry-After", "3600")
                .body("code", equalTo("rate_limited"));
        assertEquals(
                10, Api.as(user).get("/v1/me/requests").jsonPath().getList("id").size());
        // Access and portability complete at once, so they never count against the cap.
        Api.as(user)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
    }
}
