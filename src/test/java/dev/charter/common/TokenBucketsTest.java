package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void aFullBucketAllowsTheBurstThenSaysHowLongToWait() {
        TokenBuckets buckets = new TokenBuckets(0.5, 2);
        assertEquals(0, buckets.nanosUntilToken("alice"));
        assertEquals(0, buckets.nanosUntilToken("alice"));
        long wait = buckets.nanosUntilToken("alice");
        // One token every 2 s.
        assertTrue(wait > TimeUnit.MILLISECONDS.toNanos(1_500) && wait <= TimeUnit.SECONDS.toNanos(2), "wait " + wait);
        assertFalse(buckets.tryAcquire("alice"));
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(0.001, 1);
        assertTrue(buckets.tryAcquire("alice"));
        assertFalse(buckets.tryAcquire("alice"));
        assertTrue(buckets.tryAcquire("bob"));
    }

    @Test
    void tokensComeBackAtTheSustainedRate() throws InterruptedException {
        TokenBuckets buckets = new TokenBuckets(50, 1);
        assertTrue(buckets.tryAcquire("alice"));
        assertFalse(buckets.tryAcquire("alice"));
        Thread.sleep(60);
        assertTrue(buckets.tryAcquire("alice"));
    }

    @Test
    void aBucketWithoutRateOrBurstIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(10, 0));
    }
}
