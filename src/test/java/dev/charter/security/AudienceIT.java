package dev.charter.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same checks against the packaged application (prod profile plus {@link HardenedProfile}). */
@QuarkusIntegrationTest
@TestProfile(HardenedProfile.class)
class AudienceIT extends AudienceTest {}
