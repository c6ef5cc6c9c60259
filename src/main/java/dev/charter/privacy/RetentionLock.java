package dev.charter.privacy;

import dev.charter.common.AdvisoryLocks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/** One retention sweeper at a time across every instance of the region. */
@ApplicationScoped
class RetentionLock {

    /** Arbitrary, fixed: "charter retention" in the advisory lock key space. */
    private static final long KEY = 0x43_68_52_65_74_00_00_01L;

    private final AdvisoryLocks locks;

    RetentionLock(AdvisoryLocks locks) {
        this.locks = locks;
    }

    /** Runs {@code work} holding the lock; empty when another instance holds it. */
    <T> Uni<Optional<T>> whileHeld(Supplier<Uni<T>> work) {
        return locks.whileHeld(KEY, work);
    }
}
