package dev.charter.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Management;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged app (prod profile) keeps health, metrics and the OpenAPI document off the public port: there they
 * are 404, like any unknown path; the management interface, which only the load balancer reaches, serves them.
 */
@QuarkusIntegrationTest
class ManagementPortIT {

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"})
    void operationsEndpointsAreNotOnThePublicPort(String path) {
        given().get(path).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"})
    void theManagementInterfaceServesThem(String path) {
        assertNotEquals(RestAssured.port, Management.port(), "a port of its own");
        String body = Management.get(Management.port(), path);
        assertTrue(!body.isBlank(), path + " answers with a body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/region"})
    void theApiStaysOnThePublicPort(String path) {
        assertEquals(200, given().get(path).statusCode());
        assertEquals(404, Management.status(Management.port(), path), "the management interface serves nothing but /q");
    }
}
