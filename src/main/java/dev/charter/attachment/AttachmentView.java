package dev.charter.attachment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** An attachment as clients see it: the upload's answer and each entry of a message's {@code attachments}. */
@RegisterForReflection
public record AttachmentView(UUID id, String contentType, long size, String sha256) {}
