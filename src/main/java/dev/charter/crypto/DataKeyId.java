package dev.charter.crypto;

/** Which data key sealed a message: its author, month epoch (yyyymm, UTC) and version. */
public record DataKeyId(String userId, int epoch, int version) {}
