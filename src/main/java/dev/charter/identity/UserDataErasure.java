package dev.charter.identity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A feature's part of erasing a user: it deletes the rows it owns about them, inside the transaction that
 * marks the user erased, so an erasure never commits half done. Each feature that keeps personal rows outside
 * the sealed messages (which crypto-shredding destroys) implements it in its repository.
 */
public interface UserDataErasure {

    Uni<Void> eraseUserData(SqlClient transaction, String userId);
}
