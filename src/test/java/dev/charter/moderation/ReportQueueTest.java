package dev.charter.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.charter.common.Cursor;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The moderators' queue: illegal content first, paged by cursor; one reporter cannot bury it. */
@QuarkusTest
public class ReportQueueTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static String moderator() {
        return Tokens.withRoles(Tokens.newUserId("mod"), "moderator");
    }

    private static Response fileReport(String token, UUID conversation, String reason) {
        return Api.as(token)
                .body(Map.of("conversation", conversation, "seq", 1, "reason", reason))
                .post("/v1/reports");
    }

    private static String firstFrom(String moderator, Cursor from) {
        return Api.as(moderator)
                .get("/v1/admin/reports?limit=1&after=" + from.token())
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
    }

    @Test
    void illegalContentComesFirstThenHarassmentThenTheRestOldestFirst() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "something to report");
        // Far in the service clock's future: this test's reports are the newest of each rank.
        TestClock.advance(Duration.ofDays(36_500 + ThreadLocalRandom.current().nextInt(100_000)));
        var start = TestClock.now();
        String spam = fileReport(p.bobToken(), p.conversation(), "spam")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TestClock.advance(Duration.ofSeconds(1));
        String other = fileReport(p.bobToken(), p.conversation(), "other")
                .then()
                .extract()
                .path("id");
        TestClock.advance(Duration.ofSeconds(1));
        String harassment = fileReport(p.bobToken(), p.conversation(), "harassment")
                .then()
                .extract()
                .path("id");
        TestClock.advance(Duration.ofSeconds(1));
        String illegal = fileReport(p.bobToken(), p.conversation(), "illegal")
                .then()
                .extract()
                .path("id");
        String mod = moderator();
        UUID zero = new UUID(0, 0);

        assertEquals(illegal, firstFrom(mod, new Cursor(0, start, zero)));
        assertEquals(harassment, firstFrom(mod, new Cursor(1, start, zero)));

        Response page = Api.as(mod).get("/v1/admin/reports?limit=1&after=" + new Cursor(2, start, zero).token());
        assertEquals(List.of(spam), page.jsonPath().getList("id"));
        String link = page.header("Link");
        assertNotNull(link);
        Matcher m = NEXT.matcher(link);
        org.junit.jupiter.api.Assertions.assertTrue(m.matches(), link);
        assertEquals(List.of(other), Api.as(mod).get(m.group(1)).jsonPath().getList("id"));

        // The first page holds every open illegal report before any other.
        List<String> reasons =
                Api.as(mod).get("/v1/admin/reports?limit=500").jsonPath().getList("reason");
        int lastIllegal = reasons.lastIndexOf("illegal");
        int firstOther = reasons.indexOf("spam");
        org.junit.jupiter.api.Assertions.assertTrue(
                firstOther < 0 || lastIllegal < firstOther, "illegal before spam: " + reasons);
    }

    @Test
    void aReporterWithThirtyOpenReportsIsToldToWait() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "reported many times");
        for (int i = 0; i < 30; i++) {
            fileReport(p.bobToken(), p.conversation(), "spam").then().statusCode(201);
        }
        fileReport(p.bobToken(), p.conversation(), "illegal")
                .then()
                .statusCode(429)
                .header("Retry-After", "3600")
                .body("code", equalTo("rate_limited"));
        assertEquals(
                30,
                Api.as(p.bobToken())
                        .get("/v1/me/reports")
                        .jsonPath()
                        .getList("id")
                        .size());
        // Others can still report.
        fileReport(p.aliceToken(), p.conversation(), "spam").then().statusCode(201);
    }
}
