package dev.charter.attachment;

import java.util.UUID;

/** An attachment row: what is known about a file without opening it; its digest stays sealed. */
record StoredAttachment(
        UUID id,
        UUID conversation,
        String uploader,
        String contentType,
        long size,
        int keyEpoch,
        int keyVersion,
        byte[] digestNonce,
        byte[] digestSealed,
        UUID clientMsgId) {}
