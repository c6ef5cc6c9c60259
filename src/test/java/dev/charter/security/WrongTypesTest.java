package dev.charter.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Well-formed JSON of the wrong shape is a client error like malformed JSON: a problem document with
 * {@code invalid_request}, never a bare 400 or a 500.
 */
@QuarkusTest
class WrongTypesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "/v1/conversations; {\"kind\":{},\"members\":[]}",
                "/v1/conversations; {\"kind\":\"group\",\"members\":\"bob\"}",
                "/v1/conversations; {\"kind\":\"group\",\"members\":[[\"bob\"]]}",
                "/v1/conversations; {\"kind\":\"group\",\"members\":[],\"retentionDays\":\"soon\"}",
                "/v1/conversations; [1,2]",
                "/v1/me/requests; {\"type\":[\"erasure\"]}",
                "/v1/reports; {\"conversation\":42,\"seq\":{}}",
            })
    void wrongTypesAreAProblemDocument(String path, String body) {
        Api.as(Api.register(Tokens.newUserId("shape")))
                .body(body)
                .post(path)
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("invalid_request"));
    }
}
