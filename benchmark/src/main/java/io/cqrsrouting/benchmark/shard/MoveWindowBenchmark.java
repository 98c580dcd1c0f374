package io.cqrsrouting.benchmark.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.MoveState;
import io.cqrsrouting.shard.MoveStatus;
import io.cqrsrouting.shard.MoveStrategy;
import io.cqrsrouting.shard.Range;
import io.cqrsrouting.shard.RangeShardMap;
import io.cqrsrouting.shard.SchemaInfo;
import io.cqrsrouting.shard.Shard;
import io.cqrsrouting.shard.ShardLocation;
import io.cqrsrouting.shard.ShardMapManager;
import io.cqrsrouting.shard.ShardMover;
import io.cqrsrouting.shard.ShardedDataSource;
import io.cqrsrouting.shard.Sharding;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a move blocks the application's writes, per strategy. Two embedded PostgreSQL servers
 * hold a source and a target shard database (customers with {@value #ORDERS} orders each, so that
 * an offline batch has real copying to do); a split moves the upper half of the customers to the
 * target, offline in about {@value #BATCHES} batches or online, while {@value #WRITERS} writers
 * insert orders through a {@link ShardedDataSource}, each retrying a refused request (same
 * customer, fresh order id) after {@value #BACKOFF_MILLIS} ms until it is acknowledged, as an
 * application does. For every request that was refused at least once the harness records how long
 * it was blocked (first attempt to acknowledgement) and how long its successful attempt took (the
 * client's part: cache refresh, connection, validation, insert). Reported per strategy: rows moved
 * per second, refused requests, the blocked time's p50 / p99 / max, and the mover's own account of
 * its longest window phase by phase (the completed move's status detail); plus a check that every
 * acknowledged order is on the shard that owns its customer afterwards.
 */
public final class MoveWindowBenchmark {

    public static final String RESULT_JSON = "move.json";
    public static final String RESULT_MD = "move.md";
    private static final SchemaInfo SCHEMA = SchemaInfo.builder()
            .shardedTable("app", "customers", "id").shardedTable("app", "orders", "customer_id").build();

    static final int ORDERS = 10;
    static final int BATCHES = 20;
    static final int WRITERS = 4;
    static final int BACKOFF_MILLIS = 1;

    private final int customers;
    private final int rounds;
    private int seq;

    /** @param customers customers per round (half of them move); @param rounds moves per strategy */
    public MoveWindowBenchmark(int customers, int rounds) {
        this.customers = customers;
        this.rounds = rounds;
    }

    public void run(Path out) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (PostgresReplicaSet a = PostgresReplicaSet.start(0); PostgresReplicaSet b = PostgresReplicaSet.start(0)) {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(a.primaryJdbcUrl(a.createDatabase("move_gsm")));
            c.setUsername(a.username());
            c.setPassword(a.password());
            // the mover holds one GSM connection for its run (the move's lock); refused clients re-read the map
            c.setMaximumPoolSize(8);
            try (HikariDataSource gsm = new HikariDataSource(c);
                    ShardMapManager smm = ShardMapManager.builder().globalMap(gsm)
                            .credentials(a.username(), a.password()).build()) {
                for (int round = 1; round <= rounds; round++) {
                    for (MoveStrategy s : MoveStrategy.values()) {
                        Row r = round(smm, a, b, s);
                        rows.add(r);
                        System.out.println(r.line());
                    }
                }
            }
        }
        Files.writeString(out.resolve(RESULT_JSON), json(rows), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(RESULT_MD), markdown(rows), StandardCharsets.UTF_8);
    }

    private Row round(ShardMapManager smm, PostgresReplicaSet a, PostgresReplicaSet b, MoveStrategy strategy)
            throws Exception {
        int n = ++seq;
        String src = a.createDatabase("move_src_" + n);
        String dst = b.createDatabase("move_dst_" + n);
        schema(a.primaryJdbcUrl(src), a);
        schema(b.primaryJdbcUrl(dst), b);
        seed(a.primaryJdbcUrl(src), a);
        RangeShardMap<Long> map = smm.createRangeShardMap("move_" + n, Long.class);
        Shard s1 = map.createShard(ShardLocation.of(a.primaryJdbcUrl(src)));
        Shard s2 = map.createShard(ShardLocation.of(b.primaryJdbcUrl(dst)));
        map.createRangeMapping(Range.of(0L, (long) customers), s1);
        // the target already serves other keys, so its router is warm when the moved keys arrive
        map.createRangeMapping(Range.of(10_000_000L, 20_000_000L), s2);
        long half = customers / 2;
        Writers w;
        MoveStatus st;
        long t0;
        long t1;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(x -> x.poolSize(4).connectionTimeout(Duration.ofSeconds(5))).build();
                ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(SCHEMA).strategy(strategy)
                        .batchSize(batchSize()).drainTimeout(Duration.ofSeconds(2)).build()) {
            // the target serves other keys: its router and pool are in use before the moved keys arrive
            Sharding.withKey(map.name(), 10_000_000L, () -> Routing.command(() -> {
                try (Connection c = sds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                return null;
            }));
            w = new Writers(sds, map.name(), customers, half);
            try {
                w.awaitAcks(200);
                t0 = System.nanoTime();
                st = mover.split(Range.of(0L, (long) customers), half, ShardLocation.of(b.primaryJdbcUrl(dst)))
                        .await(Duration.ofMinutes(20));
                t1 = System.nanoTime();
                w.awaitAcks(200);
            } finally {
                w.close();
            }
        }
        if (st.state() != MoveState.COMPLETED) {
            throw new IllegalStateException("move did not complete: " + st);
        }
        long lost = lost(w, a.primaryJdbcUrl(src), b.primaryJdbcUrl(dst), a, half);
        String detail = st.detail();
        int at = detail.indexOf("it refused writes for ");
        return new Row(strategy.name(), st.rowsCopied(), (t1 - t0) / 1e9, w.refusedRequests(), w.blocked(),
                w.lastAttempts(), lost, at < 0 ? "" : detail.substring(at + "it refused writes for ".length()));
    }

    /** Customers per offline batch: the moving half in about {@link #BATCHES} batches. */
    private int batchSize() {
        return Math.max(10, customers / 2 / BATCHES);
    }

    private static void schema(String url, PostgresReplicaSet set) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, set.username(), set.password());
                Statement s = c.createStatement()) {
            s.execute("create schema app");
            s.execute("create table app.customers (id bigint primary key, name text not null)");
            s.execute("create table app.orders (order_id bigint primary key, customer_id bigint not null"
                    + " references app.customers (id), amount int not null, note text not null default"
                    + " 'web shop order, standard shipping, paid by card')");
            s.execute("create index on app.orders (customer_id)");
            s.execute("alter table app.orders replica identity full");
        }
    }

    private void seed(String url, PostgresReplicaSet set) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, set.username(), set.password());
                Statement s = c.createStatement()) {
            s.execute("insert into app.customers select i, 'customer ' || i from generate_series(0, " + (customers - 1) + ") i");
            s.execute("insert into app.orders select 100000000 + i * " + ORDERS + " + j, i, j from generate_series(0, "
                    + (customers - 1) + ") i, generate_series(0, " + (ORDERS - 1) + ") j");
            s.execute("analyze");
        }
    }

    private static long lost(Writers w, String srcUrl, String dstUrl, PostgresReplicaSet a, long half) throws SQLException {
        Set<Long> onSource = ids(srcUrl, a);
        Set<Long> onTarget = ids(dstUrl, a);
        long lost = 0;
        for (var e : w.acked.entrySet()) {
            boolean there = e.getValue() >= half ? onTarget.contains(e.getKey()) : onSource.contains(e.getKey());
            lost += there ? 0 : 1;
        }
        return lost;
    }

    private static Set<Long> ids(String url, PostgresReplicaSet set) throws SQLException {
        Set<Long> out = new java.util.HashSet<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, set.username(), set.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery("select order_id from app.orders where order_id >= 500000000")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Writers retrying each request until it is acknowledged; they record how long refused ones were blocked. */
    private static final class Writers implements AutoCloseable {
        final ConcurrentHashMap<Long, Long> acked = new ConcurrentHashMap<>();
        final List<Long> blockedMicros = Collections.synchronizedList(new ArrayList<>());
        /** Of each blocked request, how long its successful attempt took (routing to the new place, insert). */
        final List<Long> lastAttemptMicros = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong nextId = new AtomicLong(500_000_000L);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final ShardedDataSource ds;
        private final String map;

        Writers(ShardedDataSource ds, String map, int customers, long half) {
            this.ds = ds;
            this.map = map;
            for (int i = 0; i < WRITERS; i++) {
                Thread t = new Thread(() -> loop(customers, half), "move-writer-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void loop(int customers, long half) {
            while (!stop.get()) {
                // mostly the moving half: that is what the benchmark is about
                long key = ThreadLocalRandom.current().nextInt(10) < 8
                        ? half + ThreadLocalRandom.current().nextLong(customers - half)
                        : ThreadLocalRandom.current().nextLong(half);
                long first = System.nanoTime();
                boolean refused = false;
                while (!stop.get()) {
                    long id = nextId.getAndIncrement();
                    long attempt = System.nanoTime();
                    try {
                        Sharding.withKey(map, key, () -> Routing.command(() -> insert(id, key)));
                        acked.put(id, key);
                        if (refused) {
                            long now = System.nanoTime();
                            blockedMicros.add((now - first) / 1000);
                            lastAttemptMicros.add((now - attempt) / 1000);
                        }
                        break;
                    } catch (SQLException | RuntimeException e) {
                        refused = true;
                        pause();
                    }
                }
            }
        }

        private Object insert(long id, long key) throws SQLException {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "insert into app.orders (order_id, customer_id, amount) values (?, ?, 1)")) {
                ps.setLong(1, id);
                ps.setLong(2, key);
                ps.executeUpdate();
            }
            return null;
        }

        private static void pause() {
            try {
                Thread.sleep(BACKOFF_MILLIS); // an application's shortest back-off before it retries
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitAcks(int more) {
            long target = acked.size() + more;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (acked.size() < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("writers stalled");
                }
                pause();
            }
        }

        int refusedRequests() {
            return blockedMicros.size();
        }

        List<Long> blocked() {
            return sorted(blockedMicros);
        }

        List<Long> lastAttempts() {
            return sorted(lastAttemptMicros);
        }

        private static List<Long> sorted(List<Long> from) {
            synchronized (from) {
                List<Long> l = new ArrayList<>(from);
                Collections.sort(l);
                return l;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    record Row(String strategy, long rows, double seconds, int refused, List<Long> blockedMicros,
            List<Long> lastAttemptMicros, long lost, String window) {
        double pct(double p) {
            return percentile(blockedMicros, p);
        }

        String line() {
            return String.format(Locale.ROOT, "%s: %d rows in %.1f s (%.0f rows/s), %d refused requests, blocked"
                    + " p50 %.1f ms, p99 %.1f ms, max %.1f ms (successful attempt max %.1f ms), lost %d; mover: %s",
                    strategy, rows, seconds, rows / seconds, refused, pct(50), pct(99), pct(100),
                    percentile(lastAttemptMicros, 100), lost, window);
        }
    }

    static double percentile(List<Long> sortedMicros, double p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedMicros.size()) - 1;
        return sortedMicros.get(Math.max(0, Math.min(i, sortedMicros.size() - 1))) / 1000.0;
    }

    private String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("## Moving shardlets: how long writes are blocked\n\n")
                .append(String.format(Locale.ROOT, "A split moves %d of %d customers (%d orders each) between two"
                        + " embedded PostgreSQL servers while %d writers insert orders through `ShardedDataSource`,"
                        + " 80 %% of them for moving customers, each retrying a refused request %d ms later until it is"
                        + " acknowledged. Offline batches of %d customers (%d rows each); online = logical replication,"
                        + " then one fence. Blocked = from a refused request's first attempt to its acknowledgement"
                        + " (all rounds pooled).%n%n", customers / 2, customers, ORDERS, WRITERS, BACKOFF_MILLIS,
                        batchSize(), batchSize() * (ORDERS + 1)))
                .append("| writes to the moving range | ");
        List<String> names = new ArrayList<>();
        for (MoveStrategy s : MoveStrategy.values()) {
            names.add(s.name());
        }
        md.append(String.join(" | ", names)).append(" |\n|---|").append("---:|".repeat(names.size())).append('\n');
        List<List<Long>> pooled = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        List<double[]> speed = new ArrayList<>();
        for (String n : names) {
            List<Long> all = new ArrayList<>();
            int r = 0;
            double rowsSum = 0;
            double secs = 0;
            for (Row row : rows) {
                if (row.strategy().equals(n)) {
                    all.addAll(row.blockedMicros());
                    r += row.refused();
                    rowsSum += row.rows();
                    secs += row.seconds();
                }
            }
            Collections.sort(all);
            pooled.add(all);
            refused.add(r);
            speed.add(new double[] {rowsSum / secs});
        }
        for (double p : new double[] {50, 99, 100}) {
            md.append(p == 100 ? "| blocked max" : String.format(Locale.ROOT, "| blocked p%.0f", p));
            for (List<Long> l : pooled) {
                md.append(String.format(Locale.ROOT, " | %.1f ms", percentile(l, p)));
            }
            md.append(" |\n");
        }
        md.append("| refused requests");
        refused.forEach(r -> md.append(" | ").append(r));
        md.append(" |\n| rows moved per second");
        speed.forEach(v -> md.append(String.format(Locale.ROOT, " | %,.0f", v[0])));
        md.append(" |\n\nPer round, with the mover's own account of its longest window (from its status detail):\n\n")
                .append("| strategy | round | rows moved | rows/s | refused requests | blocked p50 | p99 | max |"
                        + " successful attempt max | lost | mover's longest window |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        int round = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            round = i % MoveStrategy.values().length == 0 ? round + 1 : round;
            md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |"
                    + " %d | %s |%n", r.strategy(), round, r.rows(), r.rows() / r.seconds(), r.refused(), r.pct(50),
                    r.pct(99), r.pct(100), percentile(r.lastAttemptMicros(), 100), r.lost(), r.window()));
        }
        return md.append('\n').toString();
    }

    private static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"strategy\":\"%s\",\"rows\":%d,"
                    + "\"seconds\":%.3f,\"refused\":%d,\"blockedP50Ms\":%.3f,\"blockedP99Ms\":%.3f,\"blockedMaxMs\":%.3f,"
                    + "\"lastAttemptMaxMs\":%.3f,\"lost\":%d,\"moverWindow\":\"%s\"}", r.strategy(), r.rows(),
                    r.seconds(), r.refused(), r.pct(50), r.pct(99), r.pct(100), percentile(r.lastAttemptMicros(), 100),
                    r.lost(), r.window().replace("\"", "'")));
        }
        return sb.append("]").toString();
    }

    /** Runs it on its own: {@code java -cp benchmarks.jar ...MoveWindowBenchmark [customers] [rounds]}. */
    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path out = Path.of("benchmark", "results");
        Files.createDirectories(out);
        new MoveWindowBenchmark(customers, rounds).run(out);
        System.out.println(Files.readString(out.resolve(RESULT_MD)));
        System.exit(0);
    }
}
