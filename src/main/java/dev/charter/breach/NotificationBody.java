package dev.charter.breach;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/admin/breaches/{id}/notifications}: the regulator of one jurisdiction was notified, or, with
 * {@code clock}, the audience of that clock of the jurisdiction's profile (individuals, CERT, attorney general).
 * {@code notice} is the text given to individuals (a clock whose audience is {@code individuals}): stored per
 * affected user and delivered in-app.
 */
@RegisterForReflection
public record NotificationBody(String jurisdiction, String notifiedAt, String reference, String clock, String notice) {}
