package io.cqrsrouting.core.failure;

import io.cqrsrouting.core.retry.Retrier;
/**
 * What kind of database failure an exception reports, as far as routing and retrying are concerned.
 * Decided by {@link FailureClassifier} from SQLStates and vendor error codes.
 */
public enum FailureKind {

    /**
     * The connection to the node is gone or could not be opened (PostgreSQL {@code 08xxx},
     * {@code 57P01}–{@code 57P03}; SQL Server SQLState class {@code 08}, or error severity 20 and
     * above). The router evicts that pool's idle connections and re-probes the endpoint at once. A
     * statement that was in flight has an <em>unknown</em> outcome: it may have committed.
     * Retried for reads; for commands only when idempotent or when nothing was applied.
     */
    CONNECTION_LOST(true),

    /**
     * The node is busy, reconfiguring or rolled the transaction back (PostgreSQL {@code 53300},
     * {@code 40001}, {@code 40P01}; the Azure SQL transient set, SQL Server deadlock victim). The
     * router retries when safe: reads always, commands only when idempotent or when nothing was
     * applied.
     */
    TRANSIENT(true),

    /**
     * A replica cancelled a read because it conflicted with replication (PostgreSQL "conflict with
     * recovery" on a hot standby; SQL Server readable-secondary errors 3961, 1219, 3947, 3948).
     * The router retries the read on another replica or on the primary.
     */
    REPLICA_CONFLICT(true),

    /**
     * A write reached a node that only accepts reads (PostgreSQL {@code 25006}; SQL Server 3906,
     * and 978: a read-write login reached a read-intent-only secondary).
     * On the primary route this means the primary is read-only right now (rolling upgrade, failover
     * in flight): the router enters writes-unavailable mode. The write was rejected before anything
     * was applied, so a command may be retried once a writable primary is back.
     */
    READ_ONLY(true),

    /**
     * The statement was cancelled because it ran too long (PostgreSQL {@code 57014}; SQL Server
     * SQLState {@code HY008}). Never retried: repeating a slow statement rarely helps and the
     * outcome of a cancelled write is the caller's to decide.
     */
    TIMEOUT(false),

    /** Anything else: constraint violations, syntax errors, bugs. Never retried. */
    OTHER(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * @return whether repeating the work may succeed; whether it is <em>safe</em> to repeat also
     *     depends on the intent (see {@link Retrier#mayRetry})
     */
    public boolean retryable() {
        return retryable;
    }
}
