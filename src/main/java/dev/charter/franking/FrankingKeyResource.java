package dev.charter.franking;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The keys that verify franking countersignatures, current and retired (no auth: anyone may verify). */
@Path("/v1/franking/keys")
@Produces(MediaType.APPLICATION_JSON)
public class FrankingKeyResource {

    @RegisterForReflection
    public record Keys(List<FrankingSigner.PublishedKey> keys) {}

    private final FrankingSigner signer;

    FrankingKeyResource(FrankingSigner signer) {
        this.signer = signer;
    }

    @GET
    public Keys get() {
        return new Keys(signer.published());
    }
}
