package dev.charter.crypto;

/** A cached data key was evicted (and zeroed) while in use: acquire it again and retry. */
public class StaleDataKeyException extends RuntimeException {

    public StaleDataKeyException() {
        super("data key evicted while in use", null, false, false);
    }
}
