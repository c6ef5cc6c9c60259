package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One purpose's state for a user; {@code status} is granted, withdrawn or none (never asked). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConsentRecord(String purpose, String status, String policyVersion, String locale, String at) {}
