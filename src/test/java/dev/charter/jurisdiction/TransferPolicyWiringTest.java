package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transfer policy as the application builds it: charter.transfers.in-place read and applied. */
@QuarkusTest
public class TransferPolicyWiringTest {

    @Inject
    TransferPolicy policy;

    @Test
    void theDeclaredMechanismsComeFromTheConfiguration() {
        assertEquals(
                List.of(
                        new TransfersInPlace.Declared("GDPR", "US", "dpf"),
                        new TransfersInPlace.Declared("PIPL", "GDPR", "standard_contract")),
                policy.inPlace());
        assertEquals(
                "dpf",
                assertInstanceOf(TransferDecision.Permitted.class, policy.decide("GDPR", "us-east-1"))
                        .mechanism());
        assertEquals(
                "standard_contract",
                assertInstanceOf(TransferDecision.Permitted.class, policy.decide("PIPL", "eu-central-1"))
                        .mechanism());
        assertInstanceOf(TransferDecision.Refused.class, policy.decide("GDPR", "me-central-1"));
    }
}
