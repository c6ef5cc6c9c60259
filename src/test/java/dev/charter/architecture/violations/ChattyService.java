package dev.charter.architecture.violations;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** A service that holds the pool and runs SQL itself, for ArchitectureTest to catch. */
public class ChattyService {

    private final Pool pool;

    public ChattyService(Pool pool) {
        this.pool = pool;
    }

    public Uni<RowSet<Row>> count() {
        return pool.query("SELECT count(*) FROM app_user").execute();
    }
}
