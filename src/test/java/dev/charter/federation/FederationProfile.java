package dev.charter.federation;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** This region is eu-central-1 with one peer, us-east-1, whose private key only the test holds. */
public class FederationProfile implements QuarkusTestProfile {

    static final KeyPair THIS_REGION = generate();
    static final KeyPair US_EAST = generate();

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "charter.region",
                "eu-central-1",
                "charter.federation.peers",
                "us-east-1=http://localhost:18999",
                "charter.federation.private-key",
                b64(THIS_REGION.getPrivate().getEncoded()),
                "charter.federation.peer-keys",
                "us-east-1=" + b64(US_EAST.getPublic().getEncoded()));
    }
}
