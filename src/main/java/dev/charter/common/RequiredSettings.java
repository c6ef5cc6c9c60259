package dev.charter.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Fails closed: in prod, and in any profile with {@code charter.keys.provider=aws-kms}, start-up stops before
 * anything else runs when a setting the deployment cannot do without is missing, naming each one (never a
 * value). Without them the application would otherwise start and misbehave later: a receipt key generated into
 * a file (impossible on a read-only root file system, or one throwaway key per instance), audit checkpoints
 * without an external anchor, tokens other services' audiences accepted, no sink for the shred ledger.
 *
 * <p>With the {@code local} provider the checkpoint key may still be derived from the master key (see
 * {@code audit/CheckpointSigner}); the receipt key never is: its public half is published and verifies receipts
 * for years, so it must not change when the master key is rotated.
 */
@ApplicationScoped
public class RequiredSettings {

    static final String RECEIPT_KEY = "charter.keys.receipt.private-key";
    static final String CHECKPOINT_KEY = "charter.audit.checkpoint-key";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String LEDGER = "charter.ledger.dir or charter.ledger.s3-bucket";

    /** Before every other start-up observer (the shred-ledger replay runs at priority 1). */
    void check(@Observes @Priority(0) StartupEvent event, Config config) {
        List<String> missing = missing(name -> config.getOptionalValue(name, String.class), LaunchMode.current());
        if (!missing.isEmpty()) {
            throw new IllegalStateException(message(missing));
        }
    }

    /** The settings this launch requires and does not have, each with what it should hold; empty when complete. */
    public static List<String> missing(Function<String, Optional<String>> lookup, LaunchMode mode) {
        boolean awsKms =
                "aws-kms".equals(present(lookup, "charter.keys.provider").orElse("local"));
        List<String> missing = new ArrayList<>();
        if (mode != LaunchMode.NORMAL && !awsKms) {
            return missing;
        }
        if (present(lookup, RECEIPT_KEY).isEmpty()) {
            missing.add(RECEIPT_KEY + " (base64 PKCS#8 Ed25519 private key signing deletion receipts, e.g. "
                    + "`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`)");
        }
        if (awsKms && present(lookup, CHECKPOINT_KEY).isEmpty()) {
            missing.add(CHECKPOINT_KEY + " (base64 of at least 32 random bytes signing audit checkpoints; "
                    + "with charter.keys.provider=aws-kms there is no local master key to derive it from)");
        }
        if (present(lookup, AUDIENCES).isEmpty()) {
            missing.add(AUDIENCES + " (the audience(s) the identity provider puts in `aud` for this service)");
        }
        if (present(lookup, "charter.ledger.dir").isEmpty()
                && present(lookup, "charter.ledger.s3-bucket").isEmpty()) {
            missing.add(LEDGER + " (the external append-only sink of the shred ledger and audit checkpoints)");
        }
        return missing;
    }

    static String message(List<String> missing) {
        return "Charter refuses to start without these settings: " + String.join("; ", missing);
    }

    private static Optional<String> present(Function<String, Optional<String>> lookup, String name) {
        return lookup.apply(name).map(String::trim).filter(value -> !value.isEmpty());
    }
}
