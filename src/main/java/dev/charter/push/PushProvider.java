package dev.charter.push;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** One push provider's client (APNs, FCM). Never throws: failures come back as an {@link Outcome}. */
interface PushProvider {

    enum Outcome {
        /** Accepted by the provider. */
        SENT,
        /** The provider says the token is no longer valid: the device is deleted. */
        DEAD,
        /** Worth another attempt (network, 429, 5xx, an expired provider token). */
        RETRY,
        /** Refused for good (a bad request). */
        FAILED
    }

    String platform();

    CompletionStage<Outcome> send(PushTarget target, UUID conversation, long seq);

    /** Prepares what the first push would otherwise wait for (keys, provider tokens); never fails. */
    void warmUp();

    void close();
}
