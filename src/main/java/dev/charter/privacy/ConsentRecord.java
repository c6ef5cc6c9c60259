package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One purpose's state for a user; {@code status} is granted, withdrawn or none (never asked). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConsentRecord(String purpose, String status, String policyVersion, String locale, String at) {}
