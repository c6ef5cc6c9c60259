package dev.charter.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Roles come only from the token's {@code groups}, matched exactly. A {@code user} token dressed up with
 * other role-looking claims reaches no moderator, privacy-officer or admin endpoint, and each staff role
 * reaches only its own endpoints.
 */
@QuarkusTest
class RoleEscalationTest {

    private record Endpoint(String name, Function<RequestSpecification, io.restassured.response.Response> call) {}

    private static final UUID SOME_ID = UUID.randomUUID();

    private static final List<Endpoint> MODERATOR = List.of(
            new Endpoint("GET /v1/admin/reports", r -> r.get("/v1/admin/reports")),
            new Endpoint(
                    "POST /v1/admin/reports/{id}/decision",
                    r -> r.body(Map.of("action", "dismiss")).post("/v1/admin/reports/" + SOME_ID + "/decision")));
    private static final List<Endpoint> PRIVACY_OFFICER = List.of(
            new Endpoint("GET /v1/admin/requests", r -> r.get("/v1/admin/requests?status=open")),
            new Endpoint("GET /v1/admin/requests/{id}", r -> r.get("/v1/admin/requests/" + SOME_ID)),
            new Endpoint(
                    "POST /v1/admin/requests/{id}/extend",
                    r -> r.body(Map.of("reason", "x")).post("/v1/admin/requests/" + SOME_ID + "/extend")));
    private static final List<Endpoint> AUDITOR = List.of(
            new Endpoint("GET /v1/admin/audit", r -> r.get("/v1/admin/audit")),
            new Endpoint("GET /v1/admin/audit/verify", r -> r.get("/v1/admin/audit/verify")),
            new Endpoint("POST /v1/admin/audit/checkpoints", r -> r.post("/v1/admin/audit/checkpoints")));
    private static final List<Endpoint> ADMIN = List.of(
            new Endpoint("POST /v1/admin/keys/rotate", r -> r.post("/v1/admin/keys/rotate")),
            new Endpoint(
                    "POST /v1/admin/keys/destroy",
                    r -> r.body(Map.of("user", "victim")).post("/v1/admin/keys/destroy")));

    private static void assertForbidden(String token, List<Endpoint> endpoints) {
        for (Endpoint endpoint : endpoints) {
            try {
                endpoint.call()
                        .apply(Api.as(token))
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .body("code", equalTo("forbidden"));
            } catch (AssertionError e) {
                throw new AssertionError(endpoint.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void assertAllowed(String token, List<Endpoint> endpoints) {
        for (Endpoint endpoint : endpoints) {
            // Allowed means past the role check: the made-up ids may still be 404.
            try {
                endpoint.call().apply(Api.as(token)).then().statusCode(not(oneOf(401, 403)));
            } catch (AssertionError e) {
                throw new AssertionError(endpoint.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Endpoint> all() {
        return java.util.stream.Stream.of(MODERATOR, PRIVACY_OFFICER, AUDITOR, ADMIN)
                .flatMap(List::stream)
                .toList();
    }

    @Test
    void roleLookingClaimsOutsideGroupsGrantNothing() {
        String sub = Tokens.newUserId("climber");
        List<String> staff = List.of("admin", "moderator", "privacy-officer");
        String token = Tokens.claims(sub, "DE")
                .claim("roles", staff)
                .claim("role", "admin")
                .claim("scope", "admin moderator privacy-officer")
                .claim("realm_access", Map.of("roles", staff))
                .claim("resource_access", Map.of("charter", Map.of("roles", staff)))
                .claim("upn", "admin")
                .claim("preferred_username", "admin")
                .claim("admin", true)
                .sign(Tokens.key());
        assertForbidden(token, all());
    }

    @Test
    void groupsAreMatchedExactly() {
        String token = Tokens.claims(Tokens.newUserId("lookalike"), "DE")
                .groups(java.util.Set.of(
                        "user",
                        "Admin",
                        "ADMIN",
                        "admin ",
                        " moderator",
                        "privacy_officer",
                        "privacy-officer,admin",
                        "*"))
                .sign(Tokens.key());
        assertForbidden(token, all());
    }

    @Test
    void aModeratorReachesOnlyTheModerationQueue() {
        String token = Tokens.withRoles(Tokens.newUserId("mod"), "user", "moderator");
        assertAllowed(token, MODERATOR);
        assertForbidden(token, PRIVACY_OFFICER);
        assertForbidden(token, AUDITOR);
        assertForbidden(token, ADMIN);
    }

    @Test
    void aPrivacyOfficerReachesRequestsAndAuditButNotModerationOrKeys() {
        String token = Tokens.withRoles(Tokens.newUserId("dpo"), "user", "privacy-officer");
        assertAllowed(token, PRIVACY_OFFICER);
        assertAllowed(token, AUDITOR.subList(0, 2));
        assertForbidden(token, MODERATOR);
        assertForbidden(token, ADMIN);
    }
}
