package dev.charter.breach;

/** How many selected users a jurisdiction has: {@code named} are stored by id, {@code erased} only counted. */
record JurisdictionTally(String jurisdiction, long named, long erased) {}
