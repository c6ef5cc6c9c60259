package dev.charter.breach;

/** A user matched as affected, with the jurisdiction that governs them now (stored with the breach). */
record AffectedUser(String id, String jurisdiction, boolean erased) {
}
