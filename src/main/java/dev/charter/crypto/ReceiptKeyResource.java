package dev.charter.crypto;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The published key that verifies deletion receipts (no auth: verification is for anyone). */
@Path("/v1/keys/receipt-signing-key")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptKeyResource {

    public record PublishedKey(String algorithm, String publicKey, String fingerprint) {}

    private final ReceiptSigner signer;

    ReceiptKeyResource(ReceiptSigner signer) {
        this.signer = signer;
    }

    @GET
    public PublishedKey get() {
        return new PublishedKey("Ed25519", signer.publicKeyBase64(), signer.fingerprint());
    }
}
