package dev.charter.messaging.conversation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class E2eeJurisdictionTest {

    /**
     * A user under PIPL known here. The test region does not serve CN, so the row is written as a region serving
     * CN would have written it at their first call.
     */
    private static String piplUser() {
        String id = Tokens.newUserId("li");
        Db.execute("INSERT INTO app_user (id, country, jurisdiction) VALUES (?, 'CN', 'PIPL')", id);
        return id;
    }

    private static long conversationsOf(String user) {
        return Db.count("SELECT count(*) FROM member WHERE user_id = ?", user);
    }

    @Test
    void anEndToEndEncryptedConversationWithAMemberUnderPiplIsRefusedAndNothingIsCreated() {
        String alice = Tokens.newUserId("alice");
        String aliceToken = Api.register(alice);
        String li = piplUser();

        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("kind", "direct", "members", List.of(li), "e2ee", true),
                Map.<String, Object>of("kind", "group", "title", "secret", "members", List.of(li), "e2ee", true))) {
            Api.as(aliceToken)
                    .body(body)
                    .post("/v1/conversations")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("e2ee_not_permitted"))
                    .body("jurisdiction", equalTo("PIPL"))
                    .body("detail", containsString("PIPL"));
        }
        assertEquals(0, conversationsOf(alice));
        assertEquals(0, conversationsOf(li));

        // Without end-to-end encryption the same conversation is fine.
        Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(li)))
                .post("/v1/conversations")
                .then()
                .statusCode(201);
    }

    @Test
    void addingAMemberUnderPiplToAnEndToEndEncryptedGroupIsRefused() {
        String aliceToken = Api.register(Tokens.newUserId("alice"));
        String bob = Tokens.newUserId("bob");
        Api.register(bob);
        String li = piplUser();
        String group = Api.as(aliceToken)
                .body(Map.of("kind", "group", "title", "secret", "members", List.of(bob), "e2ee", true))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Api.as(aliceToken)
                .body(Map.of("user", li))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("e2ee_not_permitted"))
                .body("jurisdiction", equalTo("PIPL"));
        assertEquals(0, conversationsOf(li));

        String plain = Api.group(aliceToken, "plain", List.of(bob)).toString();
        Api.as(aliceToken)
                .body(Map.of("user", li))
                .post("/v1/conversations/" + plain + "/members")
                .then()
                .statusCode(204);
    }
}
