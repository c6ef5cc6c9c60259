package dev.charter.audit;

import dev.charter.common.SecretKeys;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signs checkpoint heads with HMAC-SHA256, so a checkpoint in the external sink cannot be forged by whoever
 * can write there. The key is {@code charter.audit.checkpoint-key} (base64, 32 bytes) or, when unset, derived
 * from the local master key ({@code HMAC(master, "charter/audit-checkpoint/v1")}), never the master key
 * itself. Dev without either uses a key for this process only. The key is never logged; {@link #keyId()}
 * (a hash prefix) says which key signed.
 */
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    private static final String DERIVATION_LABEL = "charter/audit-checkpoint/v1";

    private final byte[] key;
    private final String keyId;

    CheckpointSigner(AuditConfig config, MasterKeyDerivation masterKey) {
        key = key(config, masterKey);
        keyId = key == null
                ? null
                : AuditChain.sha256Hex(Base64.getEncoder().encodeToString(key)).substring(0, 16);
    }

    /** The configured key, else one derived from the master key, else (not in prod) one for this process. */
    private static byte[] key(AuditConfig config, MasterKeyDerivation masterKey) {
        if (config.checkpointKey().isPresent()) {
            return SecretKeys.decodeBase64(config.checkpointKey().get(), "charter.audit.checkpoint-key");
        }
        Optional<byte[]> derived = masterKey.derive(DERIVATION_LABEL);
        if (derived.isPresent()) {
            return derived.get();
        }
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            byte[] processKey = new byte[32];
            new SecureRandom().nextBytes(processKey);
            LOG.warn("audit checkpoints are signed with a key of this process only; set charter.audit.checkpoint-key");
            return processKey;
        }
        return null;
    }

    public boolean available() {
        return key != null;
    }

    public String keyId() {
        return keyId;
    }

    /** Hex HMAC over {@code charter.audit.checkpoint.v1|<uptoSeq>|<head>}. */
    public String sign(long uptoSeq, String head) {
        if (key == null) {
            throw new IllegalStateException("no audit checkpoint key: set charter.audit.checkpoint-key");
        }
        return HexFormat.of()
                .formatHex(SecretKeys.hmacSha256(key, "charter.audit.checkpoint.v1|" + uptoSeq + "|" + head));
    }
}
