package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The IAM token is the SDK's pre-signed {@code rds-db} connect request, in the form RDS expects as a password. */
class RdsIamTokensTest {

    private final RdsIamTokens tokens = new RdsIamTokens(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-never-in-the-token")),
            Region.EU_CENTRAL_1);

    @Test
    void aTokenIsAPresignedConnectRequestForOneUserAndEndpoint() {
        String token = tokens.token("charter.abc123.eu-central-1.rds.amazonaws.com", 5432, "charter_app");

        assertTrue(token.startsWith("charter.abc123.eu-central-1.rds.amazonaws.com:5432/?"), token);
        Map<String, String> query = Arrays.stream(
                        URI.create("https://" + token).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        assertEquals("connect", query.get("Action"));
        assertEquals("charter_app", query.get("DBUser"));
        assertEquals("AWS4-HMAC-SHA256", query.get("X-Amz-Algorithm"));
        assertEquals("900", query.get("X-Amz-Expires"), "valid 15 minutes");
        assertTrue(query.get("X-Amz-Credential").startsWith("AKIDEXAMPLE%2F"), query.get("X-Amz-Credential"));
        assertTrue(query.get("X-Amz-Credential").endsWith("%2Feu-central-1%2Frds-db%2Faws4_request"));
        assertEquals(64, query.get("X-Amz-Signature").length());
        assertTrue(!token.contains("secret-never-in-the-token"));
    }

    @Test
    void eachUserGetsItsOwnSignature() {
        String app = tokens.token("db.internal", 5432, "charter_app");
        String owner = tokens.token("db.internal", 5432, "charter_owner");
        assertNotEquals(signature(app), signature(owner));
    }

    private static String signature(String token) {
        return token.substring(token.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
    }
}
