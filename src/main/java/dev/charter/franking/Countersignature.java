package dev.charter.franking;

/** The server's countersignature of a commitment, and the id of the key that made it. */
public record Countersignature(byte[] commitment, byte[] signature, String keyId) {}
