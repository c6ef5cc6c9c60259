package dev.charter.crypto;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same aws-kms sends against the packaged application: the real SDK client (url-connection), its signing,
 * serialisation and retries inside the jar or native executable, against the test's KMS server.
 */
@QuarkusIntegrationTest
public class AwsKmsSendsIT extends AwsKmsSendsTest {}
