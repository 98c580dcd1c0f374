package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.ShardMapStore;
import io.cqrsrouting.shard.internal.ShardStoreException;
import io.cqrsrouting.shard.internal.StepHook;

import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Entry point to the shard maps kept in a shard-map-manager database (the global shard map).
 *
 * <pre>{@code
 * try (ShardMapManager smm = ShardMapManager.builder().globalMap(gsmDataSource)
 *         .credentials("app", secret).build()) {
 *     RangeShardMap<Long> customers = smm.createRangeShardMap("customers", Long.class);
 *     Shard s1 = customers.createShard(ShardLocation.of(url1).withReplicas(replicaUrl1));
 *     customers.createRangeMapping(Range.of(0L, 1_000_000L), s1);
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} creates the GSM schema if it is missing (idempotent, safe from
 * several processes at once) and completes every change a previous manager left half done.
 * The credentials are used for the shard databases (local shard maps, and the connections of a
 * {@link ShardedDataSource}); they never appear in the map, logs or {@code toString()}.
 */
public final class ShardMapManager implements AutoCloseable {

    private final ShardMapStore store;
    private final String username;
    private final String password;

    private ShardMapManager(ShardMapStore store, String username, String password) {
        this.store = store;
        this.username = username;
        this.password = password;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates a range shard map, or fails if a map of that name exists. */
    public <K> RangeShardMap<K> createRangeShardMap(String name, Class<K> keyType) {
        return new RangeShardMap<>(store, create(name, "RANGE", keyType), keyType);
    }

    /** Creates a list shard map, or fails if a map of that name exists. */
    public <K> ListShardMap<K> createListShardMap(String name, Class<K> keyType) {
        return new ListShardMap<>(store, create(name, "LIST", keyType), keyType);
    }

    /** @throws ShardMapException if there is no range map of that name and key type */
    public <K> RangeShardMap<K> getRangeShardMap(String name, Class<K> keyType) {
        return new RangeShardMap<>(store, existing(name, "RANGE", keyType), keyType);
    }

    /** @throws ShardMapException if there is no list map of that name and key type */
    public <K> ListShardMap<K> getListShardMap(String name, Class<K> keyType) {
        return new ListShardMap<>(store, existing(name, "LIST", keyType), keyType);
    }

    /**
     * @return the recovery manager of this manager's maps: detach, attach, detect and resolve
     *         differences, fail a shard over (see {@code docs/sharding-recovery.md})
     */
    public RecoveryManager recoveryManager() {
        return new RecoveryManager(store.recovery(), null);
    }

    /** Moves are PostgreSQL only so far: refuse them clearly on SQL Server. */
    void requirePostgres(String what) {
        try {
            if (store.gsmSql().sqlServer()) {
                throw new ShardMapException(what + " supports shard map managers on PostgreSQL only so far;"
                        + " this one is on SQL Server (shard maps, validated routing and fan-out work there)");
            }
        } catch (SQLException e) {
            throw new ShardMapException("cannot reach the shard map manager database: " + e.getMessage(), e);
        }
    }

    /** @return the map of that name, of whichever kind */
    ShardMap<?, ?> map(String name) {
        MapRow row = read(name);
        if (row == null) {
            throw new ShardMapException("no shard map named " + name);
        }
        Class<?> type = row.keyType().javaType();
        return "RANGE".equals(row.kind()) ? new RangeShardMap<>(store, row, type) : new ListShardMap<>(store, row, type);
    }

    private MapRow create(String name, String kind, Class<?> keyType) {
        checkName(name);
        KeyType type = keyTypeOf(name, keyType);
        MapRow row;
        try {
            row = store.createMap(name, kind, type);
        } catch (SQLException e) {
            throw new ShardMapException("cannot create shard map " + name + ": " + e.getMessage(), e);
        }
        if (!row.kind().equals(kind) || row.keyType() != type) {
            throw new ShardMapException("shard map " + name + " exists already as a " + row.kind() + " map of "
                    + row.keyType().displayName() + " keys");
        }
        return row;
    }

    private MapRow existing(String name, String kind, Class<?> keyType) {
        KeyType type = keyTypeOf(name, keyType);
        MapRow row = read(name);
        if (row == null) {
            throw new ShardMapException("no shard map named " + name);
        }
        if (!row.kind().equals(kind) || row.keyType() != type) {
            throw new ShardMapException("shard map " + name + " is a " + row.kind() + " map of "
                    + row.keyType().displayName() + " keys, not a " + kind + " map of " + type.displayName() + " keys");
        }
        return row;
    }

    private MapRow read(String name) {
        try {
            return store.map(name);
        } catch (SQLException e) {
            throw new ShardMapException("cannot read shard map " + name + ": " + e.getMessage(), e);
        }
    }

    private static KeyType keyTypeOf(String name, Class<?> keyType) {
        try {
            return KeyType.of(keyType);
        } catch (IllegalArgumentException e) {
            throw new ShardMapException("shard map " + name + ": " + e.getMessage());
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ShardMapException("a shard map name must be 1 to 128 characters: " + name);
        }
    }

    ShardMapStore store() {
        return store;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** Nothing to release today (connections are taken per operation); kept for recovery and movers. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "ShardMapManager[user " + username + "]";
    }

    /** Builds a {@link ShardMapManager}. */
    public static final class Builder {

        private DataSource globalMap;
        private String username;
        private String password;
        private StepHook hook = StepHook.NONE;

        private Builder() {
        }

        /** @param gsm the shard-map-manager database (PostgreSQL or SQL Server, detected from its driver) */
        public Builder globalMap(DataSource gsm) {
            this.globalMap = Objects.requireNonNull(gsm, "globalMap");
            return this;
        }

        /** @param user user for the shard databases; @param password its password */
        public Builder credentials(String user, String password) {
            this.username = user;
            this.password = password;
            return this;
        }

        Builder stepHook(StepHook stepHook) {
            this.hook = stepHook;
            return this;
        }

        /**
         * Creates the GSM schema if missing and completes interrupted changes.
         *
         * @throws ShardMapException if a setting is missing or the GSM cannot be reached
         */
        public ShardMapManager build() {
            if (globalMap == null) {
                throw new ShardMapException("ShardMapManager: globalMap(DataSource) is required");
            }
            if (username == null || username.isBlank()) {
                throw new ShardMapException("ShardMapManager: credentials(user, password) are required"
                        + " (user for the shard databases)");
            }
            ShardMapStore store = new ShardMapStore(globalMap, username, password, hook);
            try {
                store.start();
            } catch (SQLException e) {
                throw new ShardMapException("cannot start the shard map manager: " + e.getMessage(), e);
            } catch (ShardStoreException e) {
                throw new ShardMapException(e.getMessage(), e.getCause());
            }
            return new ShardMapManager(store, username, password);
        }
    }
}
