package dev.charter.push;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /v1/me/devices}: shape, validation, the per-user cap, the export and erasure. */
@QuarkusTest
@TestProfile(PushProfile.class)
public class DevicesTest {

    private static Map<String, Object> device(String platform, String token) {
        return Map.of("platform", platform, "token", token, "locale", "de-DE");
    }

    @Test
    void registerListUpdateAndDeleteWithoutEverShowingTheToken() {
        String token = Api.register(Tokens.newUserId("devices"));
        Api.as(token)
                .body(device("apns", "tok-a"))
                .put("/v1/me/devices/phone_1")
                .then()
                .statusCode(204);
        Api.as(token)
                .body(device("fcm", "tok-b"))
                .put("/v1/me/devices/tablet-2")
                .then()
                .statusCode(204);
        // Upsert: the same device id again replaces its token and platform.
        Api.as(token)
                .body(Map.of("platform", "fcm", "token", "tok-c", "locale", "en-GB"))
                .put("/v1/me/devices/phone_1")
                .then()
                .statusCode(204);

        Api.as(token)
                .get("/v1/me/devices")
                .then()
                .statusCode(200)
                .body("size()", is(2))
                .body("deviceId", containsInAnyOrder("phone_1", "tablet-2"))
                .body("find { it.deviceId == 'phone_1' }.platform", equalTo("fcm"))
                .body("find { it.deviceId == 'phone_1' }.locale", equalTo("en-GB"))
                .body("[0].createdAt", notNullValue())
                .body("[0]", hasKey("lastPushAt"))
                .body("[0].lastPushAt", nullValue())
                .body("[0]", not(hasKey("token")));

        Api.as(token).delete("/v1/me/devices/tablet-2").then().statusCode(204);
        Api.as(token).delete("/v1/me/devices/tablet-2").then().statusCode(204);
        Api.as(token).get("/v1/me/devices").then().body("deviceId", contains("phone_1"));

        // The locale is optional.
        Api.as(token)
                .body(Map.of("platform", "apns", "token", "tok-d"))
                .put("/v1/me/devices/watch")
                .then()
                .statusCode(204);
        Api.as(token).get("/v1/me/devices").then().body("find { it.deviceId == 'watch' }.locale", nullValue());
    }

    @Test
    void badInputIsRefusedWithInvalidRequest() {
        String token = Api.register(Tokens.newUserId("devices"));
        for (String id : new String[] {"has space", "a.b", "x".repeat(65), "ümlaut"}) {
            Api.as(token)
                    .body(device("apns", "t"))
                    .put("/v1/me/devices/{id}", id)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_request"));
        }
        Api.as(token)
                .body(device("wns", "t"))
                .put("/v1/me/devices/d1")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(token)
                .body(Map.of("platform", "apns"))
                .put("/v1/me/devices/d1")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(token).body("{").put("/v1/me/devices/d1").then().statusCode(400);
        Api.as(token).get("/v1/me/devices").then().body("size()", is(0));
        Api.as(token)
                .body(device("apns", "t"))
                .put("/v1/me/devices/" + "x".repeat(64))
                .then()
                .statusCode(204);
    }

    @Test
    void aUserHasAtMostTheConfiguredNumberOfDevices() {
        String token = Api.register(Tokens.newUserId("devices"));
        for (int i = 0; i < 3; i++) {
            Api.as(token)
                    .body(device("fcm", "cap-" + UUID.randomUUID()))
                    .put("/v1/me/devices/d" + i)
                    .then()
                    .statusCode(204);
        }
        Api.as(token)
                .body(device("fcm", "cap-" + UUID.randomUUID()))
                .put("/v1/me/devices/d3")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        // Updating one of the three is still fine.
        Api.as(token)
                .body(device("apns", "cap-" + UUID.randomUUID()))
                .put("/v1/me/devices/d0")
                .then()
                .statusCode(204);
    }

    @Test
    void aTokenRegisteredByAnotherUserLeavesItsFormerOwner() {
        String first = Api.register(Tokens.newUserId("seller"));
        String second = Api.register(Tokens.newUserId("buyer"));
        String shared = "handed-on-" + UUID.randomUUID();
        Api.as(first)
                .body(device("apns", shared))
                .put("/v1/me/devices/old")
                .then()
                .statusCode(204);
        Api.as(second)
                .body(device("apns", shared))
                .put("/v1/me/devices/new")
                .then()
                .statusCode(204);
        Api.as(first).get("/v1/me/devices").then().body("size()", is(0));
        Api.as(second).get("/v1/me/devices").then().body("deviceId", contains("new"));
    }

    @Test
    void devicesAreInTheExportAndGoWithErasure() {
        String sub = Tokens.newUserId("devices");
        String token = Api.register(sub);
        String secretToken = "never-exported-" + UUID.randomUUID();
        Api.as(token)
                .body(device("apns", secretToken))
                .put("/v1/me/devices/phone")
                .then()
                .statusCode(204);

        String id = Api.as(token)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String export = Api.as(token)
                .get("/v1/me/requests/" + id + "/export")
                .then()
                .statusCode(200)
                .body("devices.deviceId", contains("phone"))
                .body("devices[0].platform", equalTo("apns"))
                .body("devices[0].locale", equalTo("de-DE"))
                .body("devices[0].createdAt", notNullValue())
                .extract()
                .asString();
        assertEquals(-1, export.indexOf(secretToken), "the provider token is not exported");

        Api.as(token)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        assertEquals(0, Db.count("SELECT count(*) FROM push_device WHERE user_id = ?", sub));
        assertEquals(0, Db.count("SELECT count(*) FROM push_throttle WHERE user_id = ?", sub));
        assertEquals(0, Db.count("SELECT count(*) FROM push_presence WHERE user_id = ?", sub));
    }
}
