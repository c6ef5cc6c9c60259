package dev.charter.crypto;

import dev.charter.audit.AuditLog;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Key administration (role {@code admin}): master key rotation and operator-initiated crypto-shredding. */
@Path("/v1/admin/keys")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeyAdminResource {

    /** Exactly one of {@code user} (erase that author's keys) and {@code beforeEpoch} (yyyymm, retention). */
    public record DestroyRequest(String user, Integer beforeEpoch) {}

    private final KeyRotationService rotation;
    private final CryptoShredder shredder;
    private final AuditLog audit;
    private final Caller caller;

    KeyAdminResource(KeyRotationService rotation, CryptoShredder shredder, AuditLog audit, Caller caller) {
        this.rotation = rotation;
        this.shredder = shredder;
        this.audit = audit;
        this.caller = caller;
    }

    /** Re-wraps every data key under the current master key version; call again to resume. */
    @POST
    @Path("/rotate")
    public Uni<KeyRotationService.Result> rotate() {
        return rotation.rotate()
                .call(result -> audit.record(
                        caller.id(),
                        "keys.rotated",
                        null,
                        Map.of(
                                "currentKeyRef",
                                result.currentKeyRef(),
                                "rewrapped",
                                result.rewrapped(),
                                "failed",
                                result.failed(),
                                "remaining",
                                result.remaining())));
    }

    /** Crypto-shreds data keys and returns the signed deletion receipt. */
    @POST
    @Path("/destroy")
    public Uni<DeletionReceipt> destroy(DestroyRequest request) {
        if (request == null || (request.user() == null) == (request.beforeEpoch() == null)) {
            throw ProblemException.badRequest("Give exactly one of 'user' and 'beforeEpoch'.");
        }
        if (request.user() != null) {
            if (request.user().isBlank()) {
                throw ProblemException.badRequest("'user' must not be blank.");
            }
            return shredder.destroyKeys(request.user())
                    .call(receipt -> audit.record(
                            caller.id(),
                            "keys.destroyed",
                            request.user(),
                            Map.of("scope", "user", "receipt", receipt.payload())));
        }
        int epoch = request.beforeEpoch();
        if (epoch < 200001 || epoch > 999912 || epoch % 100 < 1 || epoch % 100 > 12) {
            throw ProblemException.badRequest("'beforeEpoch' is a month, yyyymm.");
        }
        return shredder.destroyKeysBefore(epoch)
                .call(receipt -> audit.record(
                        caller.id(),
                        "keys.destroyed",
                        null,
                        Map.of("scope", "before_epoch", "beforeEpoch", epoch, "receipt", receipt.payload())));
    }
}
