package dev.charter.messaging.ws;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The optional purposes a user has not granted, asked at every handshake and listed in the welcome frame.
 * Implemented by the privacy feature, which owns the consent records.
 */
public interface RequiredConsents {

    /** The purposes not granted now (never granted or withdrawn); empty when none is missing. */
    Uni<List<String>> missing(String user);
}
