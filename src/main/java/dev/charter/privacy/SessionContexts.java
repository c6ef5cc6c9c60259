package dev.charter.privacy;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Where the privacy feature's Hibernate Reactive sessions run: on a Vert.x (duplicated) context. Work that starts
 * off any request's context (a worker thread streaming an export) gets a duplicated context of its own.
 */
final class SessionContexts {

    private SessionContexts() {}

    /** From a worker thread: subscribes on a new duplicated context and waits for the item. */
    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
