package dev.charter.testsupport;

import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where the server's {@code /q} endpoints (health, metrics, OpenAPI) answer. The packaged app runs with the prod
 * profile and serves them on the management interface, a port of its own; a {@code @QuarkusTest} app (test profile)
 * serves them on the application port.
 */
public final class Management {

    /** The management port the failsafe run gives the packaged app (pom.xml); absent in {@code @QuarkusTest} runs. */
    private static final String PORT_PROPERTY = "charter.test.management-port";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Management() {}

    /** The port of the test's shared app that answers {@code /q/*}. */
    public static int port() {
        Integer managementPort = Integer.getInteger(PORT_PROPERTY);
        return managementPort != null ? managementPort : RestAssured.port;
    }

    /** The body of {@code /q/metrics} on the test's shared app. */
    public static String metrics() {
        return get(port(), "/q/metrics");
    }

    /** The body of a 200 answer to {@code path} on {@code port}; fails on any other status. */
    public static String get(int port, String path) {
        HttpResponse<String> response = send(port, path);
        if (response == null || response.statusCode() != 200) {
            throw new AssertionError(path + " on port " + port + " answered "
                    + (response == null ? "nothing" : response.statusCode() + ": " + response.body()));
        }
        return response.body();
    }

    /** The status of {@code GET /q/health/ready} on {@code port}, or -1 when nothing answers. */
    public static int readiness(int port) {
        return status(port, "/q/health/ready");
    }

    /** The status of {@code GET path} on {@code port}, or -1 when nothing answers. */
    public static int status(int port, String path) {
        HttpResponse<String> response = send(port, path);
        return response == null ? -1 : response.statusCode();
    }

    private static HttpResponse<String> send(int port, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
