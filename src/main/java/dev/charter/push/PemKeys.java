package dev.charter.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** PKCS#8 private keys from PEM text (an APNs .p8 file, a service account's private_key) or DER bytes. */
final class PemKeys {

    private PemKeys() {}

    static PrivateKey pkcs8(byte[] pemOrDer, String algorithm) {
        byte[] der = pemOrDer;
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            der = Base64.getMimeDecoder()
                    .decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 " + algorithm + " private key");
        }
    }
}
