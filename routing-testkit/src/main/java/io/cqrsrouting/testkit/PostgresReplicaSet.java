package io.cqrsrouting.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A real PostgreSQL primary with hot standbys, started from the zonky binaries on the class
 * path (no installed PostgreSQL, no Docker), with controls that break it the way
 * production breaks.
 *
 * <pre>{@code
 * try (PostgresReplicaSet db = PostgresReplicaSet.start(1)) {
 *     Connection rw = DriverManager.getConnection(db.primaryJdbcUrl(), db.username(), db.password());
 *     ...
 *     db.primary().kill();
 *     db.promote(0);            // standby1 is now writable
 * }
 * }</pre>
 *
 * <p>Each node listens on a free port of 127.0.0.1 and requires the password
 * ({@code scram-sha-256}). {@code cluster_name} is {@code primary}, {@code standby1} ...
 * {@code standbyN}, so a test can ask a connection who served it ({@link #servedBy}).
 * Nodes keep their identity: after a promotion {@link #primary()} and
 * {@link #primaryJdbcUrl()} still denote the original primary node; ask
 * {@link #currentPrimary()} for the node that accepts writes now. The set-level controls
 * act on the original primary and on standbys by 0-based index; the same controls and
 * more are on the {@link PostgresNode} handles.
 *
 * <p>A set serves as many databases as {@link #createDatabase} makes (one per shard, say), each
 * reachable on every node: {@link #primaryJdbcUrl(String)}, {@link #standbyJdbcUrl(int, String)}.
 * Several sets run side by side, each on its own ports and directory. The servers run with
 * {@code wal_level=logical}, so logical replication (publications, subscriptions, slots)
 * works between sets.
 *
 * <p>When the JVM runs as root, the servers run as {@code nobody} (PostgreSQL refuses
 * root). Sets not closed are stopped by a shutdown hook.
 */
public final class PostgresReplicaSet implements AutoCloseable {

    static final String USERNAME = "postgres";
    static final String PASSWORD = "testkit-secret-pw";

    private final Path dir;
    private final PostgresNode primary;
    private final List<PostgresNode> standbys;
    private final boolean shared;
    /** Extra postgresql.conf lines of every node (restart-level settings of this set). */
    private final List<String> settings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, StatementCounter> counters = new ConcurrentHashMap<>();

    PostgresReplicaSet(Path dir, int standbyCount, boolean shared, List<String> settings) {
        this.dir = dir;
        this.shared = shared;
        this.settings = settings;
        this.primary = new PostgresNode("primary", dir.resolve("primary"), dir.resolve("primary.log"));
        List<PostgresNode> list = new ArrayList<>();
        for (int i = 1; i <= standbyCount; i++) {
            list.add(new PostgresNode("standby" + i, dir.resolve("standby" + i), dir.resolve("standby" + i + ".log")));
        }
        this.standbys = List.copyOf(list);
        if (settings.stream().anyMatch(line -> line.contains("pg_stat_statements"))) {
            nodes().forEach(PostgresNode::countStatements);
        }
    }

    /**
     * Starts a fresh primary and {@code standbys} hot standbys, and returns once every
     * standby accepts connections and streams from the primary. The caller closes it.
     */
    public static PostgresReplicaSet start(int standbys) {
        return ReplicaSetLauncher.launch(standbys, false, List.of());
    }

    /**
     * Like {@link #start(int)}, with server settings that need a restart to change written to every
     * node's configuration before it first starts (e.g. {@link StatementCounter#SETTING}).
     *
     * @param settings lines of {@code postgresql.conf}, {@code name = value}
     * @throws IllegalArgumentException if a setting is not a {@code name = value} line
     */
    public static PostgresReplicaSet start(int standbys, String... settings) {
        return ReplicaSetLauncher.launch(standbys, false, ReplicaSetLauncher.checked(settings));
    }

    /**
     * One JVM-wide set per standby count, started on first use and stopped at JVM exit;
     * {@link #close()} on it does nothing. For tests that do not break or reconfigure
     * nodes: everything a test changes is seen by the next.
     */
    public static PostgresReplicaSet shared(int standbys) {
        return ReplicaSetLauncher.shared(Integer.toString(standbys), standbys, List.of());
    }

    /**
     * Like {@link #shared(int)}, but one JVM-wide set per {@code key}: tests that need several
     * sets side by side (one per shard, say) share them across test classes by key.
     *
     * @throws IllegalArgumentException if a set with this key was started with another standby count
     */
    public static PostgresReplicaSet shared(String key, int standbys) {
        return shared(key, standbys, new String[0]);
    }

    /**
     * Like {@link #shared(String, int)}, with server settings that need a restart to change
     * (e.g. {@code "track_commit_timestamp = on"}) written to every node's configuration before it
     * first starts, for this set only.
     *
     * @param settings lines of {@code postgresql.conf}, {@code name = value}
     * @throws IllegalArgumentException if a set with this key was started with another standby
     *     count or other settings, or a setting is not a {@code name = value} line
     */
    public static PostgresReplicaSet shared(String key, int standbys, String... settings) {
        return ReplicaSetLauncher.shared("key:" + key, standbys,
                ReplicaSetLauncher.checked(settings));
    }

    /** Extra {@code postgresql.conf} lines of every node of this set. */
    List<String> settings() {
        return settings;
    }

    /** The original primary node. */
    public PostgresNode primary() {
        return primary;
    }

    /** Standby {@code i} (0-based; its name is {@code standby<i+1>}). */
    public PostgresNode standby(int i) {
        if (i < 0 || i >= standbys.size()) {
            throw new IndexOutOfBoundsException("standby " + i + " of " + standbys.size() + " (0-based)");
        }
        return standbys.get(i);
    }

    /** The standbys, in order. */
    public List<PostgresNode> standbys() {
        return standbys;
    }

    /** The primary followed by the standbys. */
    public List<PostgresNode> nodes() {
        List<PostgresNode> all = new ArrayList<>(standbys.size() + 1);
        all.add(primary);
        all.addAll(standbys);
        return all;
    }

    /**
     * Asks the running, unfrozen nodes which one is out of recovery.
     *
     * @throws PostgresTestkitException when none is, or more than one is (split brain)
     */
    public PostgresNode currentPrimary() {
        List<PostgresNode> writable = nodes().stream()
                .filter(n -> n.isRunning() && !n.isFrozen())
                .filter(n -> "f".equals(Sql.queryQuietly(n, "select pg_is_in_recovery()")))
                .collect(Collectors.toList());
        if (writable.size() != 1) {
            throw new PostgresTestkitException(writable.isEmpty() ? "no node is a primary now"
                    : "more than one primary: " + writable);
        }
        return writable.get(0);
    }

    /** JDBC URL of the original primary node, {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, without credentials. */
    public String primaryJdbcUrl() {
        return primary.jdbcUrl();
    }

    /** JDBC URL of standby {@code i} (0-based). */
    public String standbyJdbcUrl(int i) {
        return standby(i).jdbcUrl();
    }

    /**
     * JDBC URL of database {@code database} on the original primary node, without credentials.
     * The database must exist ({@link #createDatabase}); {@code postgres} always does.
     */
    public String primaryJdbcUrl(String database) {
        return primary.jdbcUrl(database);
    }

    /** JDBC URL of database {@code database} on standby {@code i} (0-based). */
    public String standbyJdbcUrl(int i, String database) {
        return standby(i).jdbcUrl(database);
    }

    /**
     * Creates database {@code name} on the original primary (a no-op if it exists) and returns
     * once every running standby has replayed it, so its URL works on each of them at once.
     *
     * @param name a plain identifier: lower-case letters, digits and underscores, at most 63 characters
     * @return {@code name}
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public String createDatabase(String name) {
        return Databases.create(primary, standbys, name);
    }

    /** Names of the databases on the original primary other than the templates, sorted. */
    public List<String> databases() {
        return Databases.of(primary);
    }

    /** Port of the original primary node on 127.0.0.1. */
    public int primaryPort() {
        return primary.port();
    }

    /** Port of standby {@code i} (0-based) on 127.0.0.1. */
    public int standbyPort(int i) {
        return standby(i).port();
    }

    /** How many standbys the set was started with. */
    public int standbyCount() {
        return standbys.size();
    }

    /** The superuser all nodes accept. */
    public String username() {
        return USERNAME;
    }

    /** The password of {@link #username()}; required for every TCP connection. */
    public String password() {
        return PASSWORD;
    }

    /** Promotes standby {@code i}; see {@link PostgresNode#promote()}. */
    public Duration promote(int standby) {
        return standby(standby).promote();
    }

    /** Pauses WAL replay on standby {@code i}: new commits on the primary stay invisible there. */
    public void pauseReplay(int standby) {
        standby(standby).pauseReplay();
    }

    /** Resumes WAL replay on standby {@code i}. */
    public void resumeReplay(int standby) {
        standby(standby).resumeReplay();
    }

    /** Makes the original primary read-only (or writable again); see {@link PostgresNode#setReadOnly}. */
    public void setPrimaryReadOnly(boolean readOnly) {
        primary.setReadOnly(readOnly);
    }

    /** Synchronous replication on the original primary; see {@link PostgresNode#setSynchronousReplication}. */
    public void synchronousReplication(boolean on) {
        primary.setSynchronousReplication(on);
    }

    /** The original primary's {@code pg_current_wal_lsn()}; format with {@link PgLsn#format}. */
    public long primaryWalLsn() {
        return primary.walLsn();
    }

    /** Standby {@code i}'s {@code pg_last_wal_replay_lsn()}. */
    public long standbyReplayLsn(int standby) {
        return standby(standby).replayLsn();
    }

    /** Waits until standby {@code i} has replayed everything the original primary has written so far. */
    public void awaitReplay(int standby, Duration timeout) {
        standby(standby).awaitReplay(primary.walLsn(), timeout);
    }

    /**
     * Per-node statement counts of the {@code postgres} database, for a set started with
     * {@link StatementCounter#SETTING}. The first call creates the extension on the current primary
     * and waits until the running standbys have replayed it.
     *
     * @return the set's counter (the same one on every call)
     * @throws IllegalStateException if the set does not load {@code pg_stat_statements}
     */
    public StatementCounter statements() {
        return statements("postgres");
    }

    /**
     * Like {@link #statements()}, for another database of the set.
     *
     * @param database a database made by {@link #createDatabase}
     * @return that database's counter
     */
    public StatementCounter statements(String database) {
        return counters.computeIfAbsent(database, db -> StatementCounter.create(this, db));
    }

    /** The {@code cluster_name} of the server behind {@code c}: {@code primary}, {@code standby1}, ... */
    public static String servedBy(Connection c) throws SQLException {
        return Sql.query(c, "select current_setting('cluster_name')");
    }

    /** Whether the server behind {@code c} is in recovery, i.e. a standby. */
    public static boolean isStandby(Connection c) throws SQLException {
        return "t".equals(Sql.query(c, "select pg_is_in_recovery()"));
    }

    /** Stops every node at once (immediate shutdown) and deletes the data. A no-op on {@link #shared} sets. */
    @Override
    public void close() {
        if (!shared) {
            shutDown();
        }
    }

    void shutDown() {
        if (closed.compareAndSet(false, true)) {
            nodes().forEach(n -> n.postmaster().stopImmediately());
            FileTrees.deleteQuietly(dir);
            ReplicaSetLauncher.closed(this);
        }
    }

    @Override
    public String toString() {
        return "PostgresReplicaSet" + nodes();
    }
}
