package dev.charter.privacy;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Where the privacy feature's Hibernate Reactive sessions run. A session lives on the Vert.x context the call
 * came in on (a request's duplicated context); a step that may resume elsewhere (a KMS call completes on a worker
 * thread) returns there first ({@link #backTo}). Work that starts off any request (a worker thread serving a
 * download, a timer, a test) gets a duplicated context of its own ({@link #await}, {@link #onNewContext}).
 */
final class SessionContexts {

    private SessionContexts() {}

    /**
     * Runs tasks on the current Vert.x context, where a Panache session must be used; fails when there is none.
     */
    static Executor backTo() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("a Hibernate Reactive session is used on a Vert.x context only");
        }
        return task -> context.runOnContext(ignored -> task.run());
    }

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

    /**
     * From any thread, the event loop of a timer included: the work is subscribed on a new duplicated context and
     * waited for on a worker thread, never on the caller's ({@code VertxContextSupport} refuses to wait on an
     * event loop).
     */
    static <T> Uni<T> onNewContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().item(() -> await(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
