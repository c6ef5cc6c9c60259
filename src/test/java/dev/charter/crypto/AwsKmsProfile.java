package dev.charter.crypto;

import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application with {@code charter.keys.provider=aws-kms} against a {@link KmsStub}, with the settings
 * aws-kms requires in every profile (common/RequiredSettings): receipt and checkpoint keys, audience, and the
 * SDK's test credentials.
 */
public class AwsKmsProfile implements QuarkusTestProfile {

    static final KmsStub KMS;

    static {
        KmsStub.useTestCredentials();
        KMS = new KmsStub();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "charter.keys.provider",
                "aws-kms",
                "charter.keys.aws.key-id",
                "alias/charter-test",
                "charter.keys.aws.endpoint",
                KMS.endpoint(),
                "charter.keys.aws.max-attempts",
                "4",
                "charter.keys.receipt.private-key",
                "MC4CAQAwBQYDK2VwBCIEIJEW3mMVQS3GCPobQ8QmWwNyf5uWGsWu+KyLKKCbTk40",
                "charter.audit.checkpoint-key",
                "CXuuB3l7bCUwo8jpdBkkWN/YMi6y4TK2wgUFHjKyWck=",
                "mp.jwt.verify.audiences",
                Tokens.AUDIENCE,
                // The packaged application is another process: KmsStub.useTestCredentials() sets these in the
                // test's JVM only, and the overrides reach the application as system properties.
                "aws.accessKeyId",
                System.getProperty("aws.accessKeyId"),
                "aws.secretAccessKey",
                System.getProperty("aws.secretAccessKey"),
                "aws.region",
                System.getProperty("aws.region"));
    }
}
