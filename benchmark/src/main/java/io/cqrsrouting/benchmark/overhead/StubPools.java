package io.cqrsrouting.benchmark.overhead;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.benchmark.stub.StubDriver;

/**
 * The two real HikariCP pools over the stub driver that every mode uses: one for the
 * {@code primary} stub node, one for the {@code replica} stub node. Same settings in every mode.
 */
public final class StubPools implements AutoCloseable {

    /** Stub node name of the primary. */
    public static final String PRIMARY = "primary";
    /** Stub node name of the replica. */
    public static final String REPLICA = "replica";

    private final HikariDataSource primary;
    private final HikariDataSource replica;

    /** Opens both pools (and their connections: the stub connects instantly). */
    public StubPools() {
        StubDriver.register();
        this.primary = pool(PRIMARY);
        this.replica = pool(REPLICA);
    }

    private static HikariDataSource pool(String node) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("stub-" + node);
        config.setDriverClassName(StubDriver.class.getName());
        config.setJdbcUrl(StubDriver.url(node));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        return new HikariDataSource(config);
    }

    /** @return the pool of the primary stub node */
    public HikariDataSource primary() {
        return primary;
    }

    /** @return the pool of the replica stub node */
    public HikariDataSource replica() {
        return replica;
    }

    @Override
    public void close() {
        replica.close();
        primary.close();
    }
}
