package dev.charter.push;

import java.time.Instant;

/** A device as its owner sees it: never its token. */
public record Device(String deviceId, String platform, String locale, Instant createdAt, Instant lastPushAt) {}
