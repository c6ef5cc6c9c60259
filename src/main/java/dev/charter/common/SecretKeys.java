package dev.charter.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Symmetric key material from settings, and HMAC-SHA256 with it. Error messages name the setting, never a value. */
public final class SecretKeys {

    private SecretKeys() {}

    /** The bytes of a base64 setting that must hold at least 32 of them. */
    public static byte[] decodeBase64(String value, String settingName) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.trim());
            if (bytes.length < 32) {
                throw new IllegalStateException(settingName + " must hold at least 32 bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(settingName + " is not valid base64");
        }
    }

    public static byte[] hmacSha256(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
