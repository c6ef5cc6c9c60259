package dev.charter.blocking;

/** A block a user made: whom they blocked, and when (RFC 3339, UTC). */
public record Block(String user, String at) {}
