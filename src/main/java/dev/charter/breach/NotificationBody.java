package dev.charter.breach;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /v1/admin/breaches/{id}/notifications}: the regulator of one jurisdiction was notified. */
@RegisterForReflection
public record NotificationBody(String jurisdiction, String notifiedAt, String reference) {}
