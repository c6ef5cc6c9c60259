package dev.charter.crypto;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same crypto-shredding, dump and metrics tests against the packaged application. */
@QuarkusIntegrationTest
public class CryptoShreddingIT extends CryptoShreddingTest {}
