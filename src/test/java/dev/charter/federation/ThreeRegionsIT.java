package dev.charter.federation;

import static dev.charter.federation.Regions.eventually;
import static dev.charter.federation.Regions.only;
import static dev.charter.federation.Regions.send;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three regions: Germany (eu-central-1, GDPR), the United States (us-east-1) and Japan (ap-northeast-1, APPI). The
 * law decides which groups may exist: GDPR and APPI find each other adequate; a German's data goes to the United
 * States only under a declared mechanism (here standard contractual clauses for any destination), a Japanese
 * user's only under one of the APPI's, which the American and Japanese regions have declared and the German one
 * has not: the host checks every member with its own declarations.
 */
class ThreeRegionsIT {

    private static final String DE = "eu-central-1";
    private static final String US = "us-east-1";
    private static final String JP = "ap-northeast-1";

    private static Regions regions;
    private static Regions.Region de;
    private static Regions.Region us;
    private static Regions.Region jp;

    @BeforeAll
    static void startRegions() throws Exception {
        regions = new Regions(Map.of(DE, "DE", US, "US", JP, "JP"));
        de = regions.get(DE);
        us = regions.get(US);
        jp = regions.get(JP);
        de.env.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:*:scc");
        us.env.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:*:scc,APPI:*:equivalent_measures");
        jp.env.put("CHARTER_TRANSFERS_IN_PLACE", "APPI:*:equivalent_measures");
        regions.startAll();
    }

    @AfterAll
    static void stopRegions() {
        if (regions != null) {
            regions.close();
        }
    }

    private static io.restassured.response.Response createGroup(
            Regions.Region region, String token, String title, List<String> members) {
        return Api.on(region.port, token)
                .body(Map.of("kind", "group", "title", title, "members", members))
                .post("/v1/conversations");
    }

    @Test
    void theLawOfEachMemberDecidesWhichGroupsSpanWhichRegions() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String kenji = Tokens.newUserId("kenji");
        String aliceToken = de.register(alice);
        String bobToken = us.register(bob);
        String kenjiToken = jp.register(kenji);

        // GDPR <-> APPI: adequacy both ways, nothing to declare.
        UUID euJapan = UUID.fromString(createGroup(de, aliceToken, "EU-Japan", List.of(kenji))
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        // GDPR -> US under the SCCs Germany declared for any destination.
        createGroup(de, aliceToken, "EU-US", List.of(bob)).then().statusCode(201);
        // Germany declared nothing for APPI: Kenji's data may not go to the United States from a German host.
        createGroup(de, aliceToken, "All three", List.of(bob, kenji))
                .then()
                .statusCode(422)
                .body("code", equalTo("transfer_not_permitted"))
                .body("detail", containsString(kenji))
                .body("detail", containsString("APPI"))
                .body("refused.size()", equalTo(1))
                .body("refused[0].user", equalTo(kenji))
                .body("refused[0].toRegion", equalTo(US));

        // Hosted in the US, which declared both: every member's data may reach every region holding a copy.
        UUID allThree = UUID.fromString(createGroup(us, bobToken, "All three", List.of(alice, kenji))
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        eventually(() -> de.conversations(aliceToken), ids -> ids.contains(allThree.toString()));
        eventually(() -> jp.conversations(kenjiToken), ids -> ids.contains(allThree.toString()));
        try (WsClient aliceWs = de.open(aliceToken);
                WsClient bobWs = us.open(bobToken);
                WsClient kenjiWs = jp.open(kenjiToken)) {
            assertEquals(1, send(bobWs, allThree, "hello from Ohio").path("seq").asLong());
            assertEquals(
                    2, send(aliceWs, allThree, "hallo aus Berlin").path("seq").asLong());
            assertEquals(3, send(kenjiWs, allThree, "konnichiwa").path("seq").asLong());
            assertEquals(
                    "konnichiwa",
                    aliceWs.await(f -> allThree.toString()
                                            .equals(f.path("conversation").asText())
                                    && f.path("seq").asLong() == 3)
                            .path("text")
                            .asText());
            assertEquals(
                    "hallo aus Berlin",
                    kenjiWs.await(f -> allThree.toString()
                                            .equals(f.path("conversation").asText())
                                    && f.path("seq").asLong() == 2)
                            .path("text")
                            .asText());
        }
        // Same seqs and texts in all three; Japan knows Alice as a user of Germany though neither hosts the group.
        List<String> inTheUs = List.of(
                "1:" + bob + ":hello from Ohio:null",
                "2:" + alice + ":hallo aus Berlin:" + DE,
                "3:" + kenji + ":konnichiwa:" + JP);
        List<String> inGermany = List.of(
                "1:" + bob + ":hello from Ohio:" + US,
                "2:" + alice + ":hallo aus Berlin:null",
                "3:" + kenji + ":konnichiwa:" + JP);
        List<String> inJapan = List.of(
                "1:" + bob + ":hello from Ohio:" + US,
                "2:" + alice + ":hallo aus Berlin:" + DE,
                "3:" + kenji + ":konnichiwa:null");
        assertEquals(inTheUs, us.history(bobToken, allThree));
        assertEquals(inGermany, eventually(() -> de.history(aliceToken, allThree), inGermany::equals));
        assertEquals(inJapan, eventually(() -> jp.history(kenjiToken, allThree), inJapan::equals));

        // Each region's register names the mechanism each user's data travelled under, as that region's law
        // and declarations give it.
        assertEquals("scc", only(de.transfers(), "GDPR", US).get("mechanism"));
        assertEquals("adequacy", only(de.transfers(), "GDPR", JP).get("mechanism"));
        assertEquals("equivalent_measures", only(jp.transfers(), "APPI", US).get("mechanism"));
        assertEquals("adequacy", only(jp.transfers(), "APPI", DE).get("mechanism"));
        assertEquals("unrestricted", only(us.transfers(), "US", DE).get("mechanism"));
        // The American host shipped Kenji's message on to the German replica.
        assertEquals("adequacy", only(us.transfers(), "APPI", DE).get("mechanism"));

        // The group of two adequate jurisdictions lives in Germany and Japan only.
        assertEquals(List.of(), us.rows("SELECT id FROM conversation WHERE id = ?", euJapan));
    }
}
