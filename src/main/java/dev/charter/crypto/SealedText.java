package dev.charter.crypto;

/** What is stored for a message body: never the plaintext. */
public record SealedText(int keyEpoch, int keyVersion, byte[] nonce, byte[] ciphertext) {}
