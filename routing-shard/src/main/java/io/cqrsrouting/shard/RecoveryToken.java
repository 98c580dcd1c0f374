package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Differences.Diff;
import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.Optional;
import java.util.UUID;

/**
 * One difference between a shard's local map and the global map: a sub-range of keys of one
 * map, and the mapping each side holds there at detection. Give it to
 * {@link RecoveryManager#resolveMappingDifferences}; it is refused as stale
 * ({@link StaleRecoveryTokenException}) if a mapping of its range changed on either side since.
 * Immutable; {@code toString()} shows no key value.
 */
public final class RecoveryToken {

    private final UUID id = UUID.randomUUID();
    private final String mapName;
    private final UUID mapId;
    private final boolean listMap;
    private final KeyType keyType;
    private final ShardLocation location;
    private final UUID shardId;
    private final Diff diff;

    RecoveryToken(String mapName, UUID mapId, boolean listMap, KeyType keyType, ShardLocation location, UUID shardId,
            Diff diff) {
        this.mapName = mapName;
        this.mapId = mapId;
        this.listMap = listMap;
        this.keyType = keyType;
        this.location = location;
        this.shardId = shardId;
        this.diff = diff;
    }

    /** @return this token's id (for logs) */
    public UUID id() {
        return id;
    }

    /** @return the shard map the difference is in */
    public String mapName() {
        return mapName;
    }

    /** @return the shard location whose local map was compared */
    public ShardLocation location() {
        return location;
    }

    /** @return the shard's id (from its local map) */
    public UUID shardId() {
        return shardId;
    }

    /** @return where the range is mapped */
    public MappingDifferenceType type() {
        return MappingDifferenceType.valueOf(diff.kind().name());
    }

    /**
     * @return the differing key range of a range map ({@code high == null}: to +infinity)
     * @throws ShardMapException for a list map (use {@link #key()})
     */
    public Range<?> range() {
        if (listMap) {
            throw new ShardMapException("shard map " + mapName + " is a list map: its differences are single keys (key())");
        }
        Object low = keyType.decode(diff.low());
        return diff.high() == null ? Range.from(low) : Range.of(low, keyType.decode(diff.high()));
    }

    /**
     * @return the differing key of a list map
     * @throws ShardMapException for a range map (use {@link #range()})
     */
    public Object key() {
        if (!listMap) {
            throw new ShardMapException("shard map " + mapName + " is a range map: its differences are ranges (range())");
        }
        return keyType.decode(diff.low());
    }

    /** @return the id of the global map's mapping holding the range at detection, if any */
    public Optional<UUID> globalMappingId() {
        return Optional.ofNullable(diff.global()).map(MappingRow::id);
    }

    /** @return the id of the shard's local mapping holding the range at detection, if any */
    public Optional<UUID> shardMappingId() {
        return Optional.ofNullable(diff.local()).map(MappingRow::id);
    }

    /** @return both sides at detection: mapping ids, versions, status and (global side) shard id; no key */
    public String detail() {
        return "global " + describe(diff.global(), true) + ", shard " + describe(diff.local(), false);
    }

    private static String describe(MappingRow m, boolean withShard) {
        return m == null ? "none" : m.id() + " v" + m.version() + " " + m.status()
                + (withShard ? " on shard " + m.shardId() : "");
    }

    UUID mapId() {
        return mapId;
    }

    Diff diff() {
        return diff;
    }

    @Override
    public String toString() {
        return "RecoveryToken[" + type() + " in " + mapName + " at " + location.primaryJdbcUrl() + ": " + detail() + "]";
    }
}
