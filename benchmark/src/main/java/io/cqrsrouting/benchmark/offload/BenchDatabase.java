package io.cqrsrouting.benchmark.offload;

import io.cqrsrouting.benchmark.BenchSettings;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database the offload benchmark runs on: the embedded PostgreSQL primary + hot standby set
 * (default), or an existing primary and replicas given by {@link BenchSettings}. Owns the benchmark
 * table {@code cqrs_bench_items} (1000 rows) and reads each node's transaction counters.
 *
 * <p>The embedded nodes come with the testkit's settings, made for tests: {@code fsync = off}. A
 * benchmark set turns it back on ({@code ALTER SYSTEM} and a reload on every node, checked before
 * the set is used), so a commit costs what it costs on a real server; {@code synchronous_commit}
 * is left at its default ({@code on}) and checked too. The test suite's sets are not touched;
 * {@code cqrs.bench.fsync=off} ({@code --fsync off}) keeps the testkit's setting, for comparison.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Rows in the benchmark table. */
    public static final int ROWS = 1000;
    static final String READ = "select id, payload, n from cqrs_bench_items where id = ?";
    static final String WRITE = "update cqrs_bench_items set n = n + 1, payload = ? where id = ?";

    private final PostgresReplicaSet embedded;
    private final String primaryUrl;
    private final List<String> replicaUrls;
    private final String username;
    private final String password;

    private BenchDatabase(PostgresReplicaSet embedded, String primaryUrl, List<String> replicaUrls,
            String username, String password) {
        this.embedded = embedded;
        this.primaryUrl = primaryUrl;
        this.replicaUrls = replicaUrls;
        this.username = username;
        this.password = password;
    }

    /**
     * @return the configured external database, or a freshly started embedded set
     * @throws SQLException if the table cannot be prepared
     */
    public static BenchDatabase open() throws SQLException {
        return open(BenchSettings.getInt("standbys", 1));
    }

    /**
     * @param standbys hot standbys of the embedded set (ignored for an external database)
     * @return the configured external database, or a freshly started embedded set with
     *         {@code fsync} on
     * @throws SQLException if the table cannot be prepared or durability cannot be turned on
     */
    public static BenchDatabase open(int standbys) throws SQLException {
        BenchDatabase db;
        if (BenchSettings.external()) {
            db = new BenchDatabase(null, BenchSettings.primaryUrl(), BenchSettings.replicaUrls(),
                    BenchSettings.username(), BenchSettings.password());
        } else {
            PostgresReplicaSet set = PostgresReplicaSet.start(standbys);
            List<String> replicas = new ArrayList<>();
            for (int i = 0; i < set.standbyCount(); i++) {
                replicas.add(set.standbyJdbcUrl(i));
            }
            db = new BenchDatabase(set, set.primaryJdbcUrl(), replicas, set.username(),
                    set.password());
        }
        try {
            if (db.embedded() && !"off".equals(BenchSettings.get("fsync"))) {
                db.durable();
            }
            db.prepare();
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** @return whether this is the embedded set */
    public boolean embedded() {
        return embedded != null;
    }

    /** @return the primary's JDBC URL */
    public String primaryUrl() {
        return primaryUrl;
    }

    /** @return the replicas' JDBC URLs */
    public List<String> replicaUrls() {
        return replicaUrls;
    }

    /** @return the user */
    public String username() {
        return username;
    }

    /** @return the password */
    public String password() {
        return password;
    }

    /** @return whether the primary is PostgreSQL */
    public boolean postgres() {
        return primaryUrl.startsWith("jdbc:postgresql:");
    }

    /** @return the primary's product name and version, as its driver reports them */
    public String server() {
        try (Connection c = connect(primaryUrl)) {
            return c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown";
        }
    }

    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    private List<String> nodeUrls() {
        List<String> urls = new ArrayList<>();
        urls.add(primaryUrl);
        urls.addAll(replicaUrls);
        return urls;
    }

    /** Turns {@code fsync} on on every node and waits (bounded) until each one reports it. */
    private void durable() throws SQLException {
        for (String url : nodeUrls()) {
            try (Connection c = connect(url); Statement st = c.createStatement()) {
                st.execute("alter system set fsync = on");
                st.execute("select pg_reload_conf()");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"on".equals(durability())) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("fsync / synchronous_commit not on 10 s after the reload: "
                        + durability());
            }
            sleep(20);
        }
    }

    /**
     * @return {@code on} when every node runs with {@code fsync} and {@code synchronous_commit}
     *         on, else what each node reports; {@code unknown} for other databases
     */
    public String durability() {
        if (!postgres()) {
            return "unknown";
        }
        StringBuilder all = new StringBuilder();
        boolean on = true;
        for (String url : nodeUrls()) {
            String fsync = setting(url, "fsync");
            String commit = setting(url, "synchronous_commit");
            on &= "on".equals(fsync) && "on".equals(commit);
            all.append(all.length() == 0 ? "" : ", ").append("fsync=").append(fsync)
                    .append(" synchronous_commit=").append(commit);
        }
        return on ? "on" : all.toString();
    }

    private String setting(String url, String name) {
        try (Connection c = connect(url); PreparedStatement ps =
                c.prepareStatement("select current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        } catch (SQLException e) {
            return "?";
        }
    }

    private void prepare() throws SQLException {
        try (Connection c = connect(primaryUrl); Statement st = c.createStatement()) {
            if (postgres()) {
                st.execute("create table if not exists cqrs_bench_items"
                        + " (id int primary key, payload varchar(100), n bigint not null)");
            } else {
                st.execute("if object_id(N'cqrs_bench_items') is null create table cqrs_bench_items"
                        + " (id int primary key, payload varchar(100), n bigint not null)");
            }
            int rows;
            try (ResultSet rs = st.executeQuery("select count(*) from cqrs_bench_items")) {
                rs.next();
                rows = rs.getInt(1);
            }
            if (rows != ROWS) {
                st.executeUpdate("delete from cqrs_bench_items");
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into cqrs_bench_items (id, payload, n) values (?, ?, 0)")) {
                    for (int i = 1; i <= ROWS; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "item " + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
        awaitReplicas();
    }

    private void awaitReplicas() throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String url : replicaUrls) {
            while (true) {
                try (Connection c = connect(url); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("select count(*) from cqrs_bench_items")) {
                    rs.next();
                    if (rs.getInt(1) == ROWS) {
                        break;
                    }
                } catch (SQLException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("replica does not see the benchmark table after 60 s");
                }
                sleep(50);
            }
        }
    }

    /**
     * Waits until no other client session is connected to any node: a PostgreSQL backend flushes
     * its statistics when it ends, so only then do the transaction counters hold every transaction
     * of the trial. Bounded; no-op on other databases.
     *
     * @param timeout how long to wait at most
     * @return true if every node was free of client sessions in time
     */
    public boolean awaitClientSessionsGone(Duration timeout) {
        if (!postgres()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String url : nodeUrls()) {
            while (true) {
                try (Connection c = connect(url); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity"
                                + " where backend_type = 'client backend' and pid <> pg_backend_pid()"
                                + " and datname = current_database()")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        break;
                    }
                } catch (SQLException e) {
                    // try again until the deadline
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(10);
            }
        }
        return true;
    }

    /**
     * Committed plus rolled-back transactions of the current database on each node (PostgreSQL
     * {@code pg_stat_database}); empty for other databases.
     *
     * @return node label to transaction count
     */
    public Map<String, Long> transactionCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!postgres()) {
            return out;
        }
        out.put("primary", transactions(primaryUrl));
        for (int i = 0; i < replicaUrls.size(); i++) {
            out.put("replica-" + (i + 1), transactions(replicaUrls.get(i)));
        }
        return out;
    }

    private long transactions(String url) {
        try (Connection c = connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select xact_commit + xact_rollback from pg_stat_database"
                        + " where datname = current_database()")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
