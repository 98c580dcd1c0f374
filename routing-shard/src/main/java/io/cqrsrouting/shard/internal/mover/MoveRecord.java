package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;

import java.util.UUID;

/**
 * One move as persisted in the shard-map-manager database. {@code span} is the key space that
 * moves from the source to the target shard; {@code done} the range whose target mappings are
 * coalesced when the move completes, {@code undo} the range whose source mappings are coalesced
 * when it is cancelled (range maps; list maps keep one mapping per key).
 */
public final class MoveRecord {
    public UUID id;
    public UUID mapId;
    public String mapName;
    public String kind;
    public boolean list;
    public KeyType keyType;
    public UUID source;
    public UUID target;
    public byte[] spanLow;
    public byte[] spanHigh;
    public byte[] doneLow;
    public byte[] doneHigh;
    public byte[] undoLow;
    public byte[] undoHigh;
    public int batchSize;
    public MoveTables tables;
    public long drainMillis;
    /** Online strategy (logical replication, then a short fence) rather than offline batches. */
    public boolean online;
    /** Online: how long the fenced range waits for the target to apply the source's last changes. */
    public long catchUpMillis = 30_000;
    /** Online: how long one run waits for the initial copy and streaming to catch up. */
    public long syncMillis = 1_800_000;
    public String state = "RUNNING";
    public String step = Steps.PREPARED;
    public String plan = "";
    public String batch = "";
    public long rowsTotal;
    public long rowsCopied;
    public boolean cancel;
    public String detail = "";

    @Override
    public String toString() {
        return "move " + id + " " + kind + " " + state + " at " + step; // never key values
    }
}
