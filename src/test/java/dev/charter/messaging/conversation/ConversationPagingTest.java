package dev.charter.messaging.conversation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class ConversationPagingTest {

    private static final Pattern NEXT = Pattern.compile("^<(/v1/conversations\\?[^>]+)>; rel=\"next\"$");

    @Test
    void pagesFollowTheNextLinkWithoutDuplicatesOrGaps() {
        String token = Api.register(Tokens.newUserId("pager"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(Api.group(token, "g" + i, List.of()).toString());
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String url = "/v1/conversations?limit=3";
        while (url != null) {
            Response page =
                    Api.as(token).get(url).then().statusCode(200).extract().response();
            List<String> ids = page.jsonPath().getList("id");
            sizes.add(ids.size());
            seen.addAll(ids);
            String link = page.header("Link");
            if (link == null) {
                url = null;
            } else {
                Matcher next = NEXT.matcher(link);
                assertTrue(next.matches(), link);
                url = next.group(1);
            }
        }
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(created, seen);

        Response all = Api.as(token)
                .get("/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertEquals(created, all.jsonPath().getList("id"));
        assertNull(all.header("Link"));
        Response exact =
                Api.as(token).get("/v1/conversations?limit=7").then().extract().response();
        assertEquals(7, exact.jsonPath().getList("id").size());
        assertNull(exact.header("Link"));
        assertNotNull(Api.as(token).get("/v1/conversations?limit=6").header("Link"));
    }

    @Test
    void aConversationCreatedWhilePagingAppearsOnALaterPage() {
        String token = Api.register(Tokens.newUserId("pager"));
        UUID first = Api.group(token, "first", List.of());
        UUID second = Api.group(token, "second", List.of());
        Response page =
                Api.as(token).get("/v1/conversations?limit=1").then().extract().response();
        assertEquals(List.of(first.toString()), page.jsonPath().getList("id"));
        UUID third = Api.group(token, "third", List.of());
        Matcher next = NEXT.matcher(page.header("Link"));
        assertTrue(next.matches());
        assertEquals(
                List.of(second.toString(), third.toString()),
                Api.as(token)
                        .get(next.group(1).replace("limit=1", "limit=5"))
                        .jsonPath()
                        .getList("id"));
    }

    @Test
    void badLimitsAndCursorsAreInvalidRequests() {
        String token = Api.register(Tokens.newUserId("pager"));
        Api.as(token).get("/v1/conversations?limit=0").then().statusCode(400).body("code", equalTo("invalid_request"));
        Api.as(token)
                .get("/v1/conversations?after=not-a-cursor")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"));
        Api.as(token).get("/v1/conversations?limit=100000").then().statusCode(200);
    }
}
