package dev.charter.crypto;

import dev.charter.testsupport.KmsStub;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with {@code charter.keys.provider=aws-kms} against a {@link KmsStub}. */
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
                "4");
    }
}
