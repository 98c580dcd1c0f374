package io.cqrsrouting.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * One PostgreSQL server of a {@link PostgresReplicaSet}: the primary or a hot standby.
 * A node keeps its name, port and data directory for its whole life, also when its role
 * changes (a promoted standby stays {@code standby1}, now answering as a primary).
 *
 * <p>Process controls ({@link #kill()}, {@link #freeze()}, {@link #stop()}, {@link #start()})
 * act on the operating-system processes; replication controls ({@link #promote()},
 * {@link #pauseReplay()}, {@link #setReadOnly(boolean)}, ...) run SQL on the node as the
 * testkit superuser and return once the change has taken effect.
 */
public final class PostgresNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Postmaster postmaster;
    private final Path dataDir;
    private volatile int port;
    private volatile boolean everReady;

    PostgresNode(String name, Path dataDir, Path logFile) {
        this.name = name;
        this.dataDir = dataDir;
        this.postmaster = new Postmaster(dataDir, logFile);
    }

    private volatile boolean countsStatements;

    /** Whether this node's set loads pg_stat_statements (its admin sessions then turn tracking off). */
    boolean countsStatements() {
        return countsStatements;
    }

    void countStatements() {
        countsStatements = true;
    }

    /** {@code primary} or {@code standby1}..{@code standbyN}; also the server's {@code cluster_name}. */
    public String name() {
        return name;
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The URL of another database on this node. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection as the testkit superuser; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), credentials());
    }

    /** Whether the server process is running (a frozen server is running). */
    public boolean isRunning() {
        return postmaster.isAlive();
    }

    /** Whether the node is frozen by {@link #freeze()}. */
    public boolean isFrozen() {
        return postmaster.isFrozen();
    }

    /** Asks the server {@code pg_is_in_recovery()}: true for a standby. */
    public boolean isInRecovery() {
        return "t".equals(Sql.query(this, "select pg_is_in_recovery()"));
    }

    /**
     * Starts a stopped or killed node on its old port and waits until it accepts
     * connections. A killed node goes through crash recovery first; a standby resumes
     * streaming by itself.
     */
    public void start() {
        postmaster.launch(port, name);
        awaitReady();
    }

    /** Fast shutdown (SIGINT): open sessions are ended, the server stops cleanly. */
    public void stop() {
        postmaster.stop(Duration.ofSeconds(30));
    }

    /**
     * SIGKILL to the postmaster and all its child processes, as in a machine crash:
     * open connections break at once, new ones are refused. {@link #start()} brings the
     * node back through crash recovery.
     */
    public void kill() {
        postmaster.kill();
    }

    /**
     * SIGSTOP to the postmaster and all its children: the node still holds its port, so
     * connections are accepted by the kernel but nothing answers — queries hang until a
     * client-side timeout, as with a hung VM or a network partition. Undo with
     * {@link #unfreeze()}; {@code close()} unfreezes by itself.
     */
    public void freeze() {
        postmaster.freeze();
    }

    /** SIGCONT to the processes stopped by {@link #freeze()}. */
    public void unfreeze() {
        postmaster.unfreeze();
    }

    /**
     * Promotes this standby ({@code pg_promote}) and waits until it is out of recovery.
     *
     * @return how long the promotion took, from the request to the first moment
     *         {@code pg_is_in_recovery()} answered false
     */
    public Duration promote() {
        return NodeControl.promote(this);
    }

    /** {@code pg_wal_replay_pause()} on this standby; returns once replay is actually paused. */
    public void pauseReplay() {
        NodeControl.pauseReplay(this);
    }

    /** {@code pg_wal_replay_resume()} on this standby. */
    public void resumeReplay() {
        NodeControl.resumeReplay(this);
    }

    /**
     * Sets {@code default_transaction_read_only} server-wide ({@code ALTER SYSTEM} and a
     * configuration reload) and returns once every session will see it: the next
     * transaction, also on an existing idle (pooled) connection, fails to write with
     * SQLState 25006. A transaction already open when this is called keeps writing until it
     * ends, and a session can still override the default with {@code SET}, as on a real
     * server. The setting survives restarts of this node.
     */
    public void setReadOnly(boolean readOnly) {
        NodeControl.setReadOnly(this, readOnly);
    }

    /**
     * Sets {@code synchronous_standby_names} to {@code '*'} (on) or {@code ''} (off). While
     * on, a commit waits until a standby has confirmed it, and hangs while none is connected.
     */
    public void setSynchronousReplication(boolean on) {
        NodeControl.setSynchronousReplication(this, on);
    }

    /** {@code pg_current_wal_lsn()} of this (primary) node, as a {@link PgLsn} number. */
    public long walLsn() {
        return PgLsn.parse(Sql.query(this, "select pg_current_wal_lsn()::text"));
    }

    /** {@code pg_last_wal_replay_lsn()} of this (standby) node, as a {@link PgLsn} number. */
    public long replayLsn() {
        String lsn = Sql.query(this, "select pg_last_wal_replay_lsn()::text");
        if (lsn == null) {
            throw new PostgresTestkitException(name + " has never been a standby: no replay position");
        }
        return PgLsn.parse(lsn);
    }

    /** Waits until this standby has replayed up to {@code lsn}; throws on timeout. */
    public void awaitReplay(long lsn, Duration timeout) {
        NodeControl.awaitReplay(this, lsn, timeout);
    }

    /**
     * Points this standby at another upstream (usually a freshly promoted node), by
     * changing {@code primary_conninfo}, and waits until it streams from there.
     */
    public void follow(PostgresNode upstream) {
        NodeControl.follow(this, upstream);
    }

    @Override
    public String toString() {
        return name + " (127.0.0.1:" + port + ")";
    }

    // --- package-private: used by PostgresReplicaSet ---

    Path dataDir() {
        return dataDir;
    }

    Postmaster postmaster() {
        return postmaster;
    }

    /** Makes the copied data directory a standby of {@code primary}. */
    void configureAsStandbyOf(PostgresNode primary) throws IOException {
        Files.writeString(dataDir.resolve("standby.signal"), "");
        Files.writeString(dataDir.resolve("postgresql.auto.conf"),
                "primary_conninfo = '" + primary.conninfoFor(name) + "'\n", StandardOpenOption.APPEND);
        OsUser.handOver(dataDir);
    }

    /** The libpq connection string a standby named {@code applicationName} uses to reach this node. */
    String conninfoFor(String applicationName) {
        return "host=127.0.0.1 port=" + port + " user=" + PostgresReplicaSet.USERNAME
                + " password=" + PostgresReplicaSet.PASSWORD + " application_name=" + applicationName;
    }

    /** First start on a fresh free port; does not wait (see {@link #awaitReady()}). */
    void launchOnFreePort() {
        port = freePort();
        postmaster.launch(port, name);
    }

    /** Waits until the server accepts connections; on a port race before the first start, retries on another port. */
    void awaitReady() {
        for (int attempt = 1; ; attempt++) {
            boolean ready = Poll.until(START_TIMEOUT, 10, () -> !postmaster.isAlive() || canQuery());
            if (ready && postmaster.isAlive()) {
                everReady = true;
                return;
            }
            if (!everReady && attempt < 5 && postmaster.diedOfPortConflict()) {
                launchOnFreePort();
                continue;
            }
            postmaster.stopImmediately();
            throw new PostgresTestkitException(name + " did not start on port " + port
                    + (ready ? " (server exited)" : " within " + START_TIMEOUT) + "\n" + postmaster.logTail());
        }
    }

    /** Waits until this standby's WAL receiver is streaming from its upstream. */
    void awaitStreaming(Duration timeout) {
        boolean streaming = Poll.until(timeout, 10,
                () -> "streaming".equals(Sql.queryQuietly(this, "select status from pg_stat_wal_receiver")));
        if (!streaming) {
            throw new PostgresTestkitException(name + " is not streaming after " + timeout + "\n" + postmaster.logTail());
        }
    }

    private boolean canQuery() {
        try (Connection c = Sql.admin(this, 2); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false; // refused, or "the database system is starting up"
        }
    }

    static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", PostgresReplicaSet.USERNAME);
        p.setProperty("password", PostgresReplicaSet.PASSWORD);
        p.setProperty("connectTimeout", "10");
        return p;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
