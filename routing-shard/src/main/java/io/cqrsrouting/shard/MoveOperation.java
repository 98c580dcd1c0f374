package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.ShardMapStore;
import io.cqrsrouting.shard.internal.mover.MoveFailure;
import io.cqrsrouting.shard.internal.mover.MoveRecord;
import io.cqrsrouting.shard.internal.mover.MoveStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A split, merge or move started by a {@link ShardMover}. Its state lives in the shard-map-manager
 * database, so {@link #status()} is also right for a move run by another process, and an
 * interrupted move is continued by {@link ShardMover#resume(String)} with its {@link #id()}.
 */
public final class MoveOperation {

    private final UUID id;
    private final ShardMapStore store;
    private final CompletableFuture<?> run;

    MoveOperation(UUID id, ShardMapStore store, CompletableFuture<?> run) {
        this.id = id;
        this.store = store;
        this.run = run;
    }

    /** @return the move's id, for {@link ShardMover#resume(String)} */
    public String id() {
        return id.toString();
    }

    /** @return the persisted state, percent and detail */
    public MoveStatus status() {
        try (Connection c = store.gsmConnection()) {
            MoveRecord m = MoveStore.load(c, id);
            if (m == null) {
                throw new ShardMoveException("no move " + id);
            }
            return statusOf(m);
        } catch (SQLException e) {
            throw new ShardMoveException("cannot read move " + id + " (" + e.getSQLState() + ")");
        }
    }

    static MoveStatus statusOf(MoveRecord m) {
        MoveState state = MoveState.valueOf(m.state);
        int percent = state == MoveState.COMPLETED ? 100
                : m.rowsTotal == 0 ? 0 : (int) Math.min(99, m.rowsCopied * 100 / m.rowsTotal);
        return new MoveStatus(state, percent, m.detail, m.rowsCopied, m.step);
    }

    /**
     * Waits up to {@code timeout} for this mover's run of the move to end.
     *
     * @return the status then (RUNNING if the time ran out)
     * @throws ShardMoveException if the run failed (the status says where; resume or cancel)
     */
    public MoveStatus await(Duration timeout) {
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShardMoveException("interrupted while waiting for move " + id);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ShardMoveException(cause instanceof MoveFailure ? cause.getMessage()
                    : "move " + id + " failed: " + cause.getClass().getSimpleName());
        }
        return status();
    }

    /**
     * Asks the move to stop. Honoured before the current batch is switched: its fence is lowered,
     * its copied rows deleted from the target and its mappings brought back online on the source
     * (batches switched earlier stay on the target). A move no mover runs is rolled back by the
     * next {@link ShardMover#resume(String)}.
     *
     * @return false if the move has completed or was cancelled already
     */
    public boolean cancel() {
        try (Connection c = store.gsmConnection()) {
            return MoveStore.requestCancel(c, id);
        } catch (SQLException e) {
            throw new ShardMoveException("cannot cancel move " + id + " (" + e.getSQLState() + ")");
        }
    }

    @Override
    public String toString() {
        return "MoveOperation[" + id + "]";
    }
}
