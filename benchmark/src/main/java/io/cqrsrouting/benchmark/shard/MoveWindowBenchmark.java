package io.cqrsrouting.benchmark.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.MoveOperation;
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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a move blocks the application's writes, per strategy, in two cases on two embedded
 * PostgreSQL servers (a source and a target shard database each, fsync on unless told otherwise):
 * <ul>
 * <li><b>split</b> — {@code customers} customers with {@value #ORDERS} orders each; a split moves the
 *     upper half to the target, offline in about {@value #BATCHES} batches or online; 80 % of the
 *     writers' requests go to moving customers;</li>
 * <li><b>hot tenant</b> — one customer with {@code 3 × customers} orders in its own mapping, among
 *     1,000 ordinary customers; {@code move(key, target)} moves it; 80 % of the requests go to it.
 *     Offline, its single batch is refused for the whole copy; online, only for the cutover.</li>
 * </ul>
 * The same data, writers ({@link MoveWriters}) and mover settings for both strategies. Reported
 * ({@link MoveReport}): rows moved per second, refused requests, the blocked time's p50 / p99 /
 * max, the mover's own account of its longest window phase by phase, and a check that every
 * acknowledged order is on the shard that owns its customer afterwards.
 */
public final class MoveWindowBenchmark {

    public static final String RESULT_JSON = "move.json";
    public static final String RESULT_MD = "move.md";
    private static final SchemaInfo SCHEMA = SchemaInfo.builder()
            .shardedTable("app", "customers", "id").shardedTable("app", "orders", "customer_id").build();

    static final int ORDERS = 10;
    static final int BATCHES = 20;
    static final long HOT_KEY = 1000;

    private final int customers;
    private final int rounds;
    private final boolean fsync;
    private int seq;

    /**
     * @param customers customers of the split case (half of them move); the hot tenant has 3 × as many orders
     * @param rounds moves per case and strategy
     * @param fsync whether the servers run with fsync on (the testkit's default is off)
     */
    public MoveWindowBenchmark(int customers, int rounds, boolean fsync) {
        this.customers = customers;
        this.rounds = rounds;
        this.fsync = fsync;
    }

    /** One case: its data, its mappings, its move and its writers' keys. */
    private interface Case {
        String name();

        void seed(Statement s) throws SQLException;

        void map(RangeShardMap<Long> map, Shard source);

        MoveOperation move(ShardMover mover, ShardLocation target);

        long key();

        boolean moves(long key);
    }

    public void run(Path out) throws Exception {
        List<MoveReport.Row> rows = new ArrayList<>();
        try (PostgresReplicaSet a = PostgresReplicaSet.start(0); PostgresReplicaSet b = PostgresReplicaSet.start(0)) {
            durability(a);
            durability(b);
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(a.primaryJdbcUrl(a.createDatabase("move_gsm")));
            c.setUsername(a.username());
            c.setPassword(a.password());
            // the mover holds GSM connections for its run (the move's lock, the map's lock); clients re-read the map
            c.setMaximumPoolSize(8);
            try (HikariDataSource gsm = new HikariDataSource(c);
                    ShardMapManager smm = ShardMapManager.builder().globalMap(gsm)
                            .credentials(a.username(), a.password()).build()) {
                for (Case k : List.of(split(), hot())) {
                    for (int round = 1; round <= rounds; round++) {
                        for (MoveStrategy s : MoveStrategy.values()) {
                            MoveReport.Row r = round(smm, a, b, k, s);
                            rows.add(r);
                            System.out.println(r.line());
                        }
                    }
                }
            }
        }
        Map<String, String> intro = new LinkedHashMap<>();
        intro.put("split", String.format(Locale.ROOT, "A split moves %,d of %,d customers (%d orders each, %,d rows);"
                + " 80 %% of the requests are for moving customers. Offline batches of %d customers (%,d rows).",
                customers / 2, customers, ORDERS, customers / 2 * (ORDERS + 1), batchSize(), batchSize() * (ORDERS + 1)));
        intro.put("hot tenant", String.format(Locale.ROOT, "`move(key)` moves one customer with %,d orders (its own"
                + " mapping) among 1,000 ordinary ones; 80 %% of the requests are for it. Offline it is one batch.",
                hotOrders()));
        Files.writeString(out.resolve(RESULT_JSON), MoveReport.json(rows), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(RESULT_MD), MoveReport.markdown(rows, intro,
                fsync ? "`fsync` on" : "`fsync` off (testkit default)"), StandardCharsets.UTF_8);
    }

    private MoveReport.Row round(ShardMapManager smm, PostgresReplicaSet a, PostgresReplicaSet b, Case k,
            MoveStrategy strategy) throws Exception {
        int n = ++seq;
        String src = a.createDatabase("move_src_" + n);
        String dst = b.createDatabase("move_dst_" + n);
        schema(a.primaryJdbcUrl(src), a);
        schema(b.primaryJdbcUrl(dst), b);
        try (Connection c = DriverManager.getConnection(a.primaryJdbcUrl(src), a.username(), a.password());
                Statement s = c.createStatement()) {
            k.seed(s);
            s.execute("analyze");
        }
        RangeShardMap<Long> map = smm.createRangeShardMap("move_" + n, Long.class);
        Shard s1 = map.createShard(ShardLocation.of(a.primaryJdbcUrl(src)));
        Shard s2 = map.createShard(ShardLocation.of(b.primaryJdbcUrl(dst)));
        k.map(map, s1);
        // the target already serves other keys, so its router is warm when the moved keys arrive
        map.createRangeMapping(Range.of(10_000_000L, 20_000_000L), s2);
        MoveWriters w;
        MoveStatus st;
        long t0;
        long t1;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(x -> x.poolSize(4).connectionTimeout(Duration.ofSeconds(5))).build();
                ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(SCHEMA).strategy(strategy)
                        .batchSize(batchSize()).drainTimeout(Duration.ofSeconds(2)).build()) {
            Sharding.withKey(map.name(), 10_000_000L, () -> Routing.command(() -> {
                try (Connection c = sds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                return null;
            }));
            w = new MoveWriters(sds, map.name(), k::key);
            try {
                w.awaitAcks(200);
                t0 = System.nanoTime();
                st = k.move(mover, ShardLocation.of(b.primaryJdbcUrl(dst))).await(Duration.ofMinutes(20));
                t1 = System.nanoTime();
                w.awaitAcks(200);
            } finally {
                w.close();
            }
        }
        if (st.state() != MoveState.COMPLETED) {
            throw new IllegalStateException("move did not complete: " + st);
        }
        long lost = lost(w, a.primaryJdbcUrl(src), b.primaryJdbcUrl(dst), a, k);
        String detail = st.detail();
        int at = detail.indexOf("it refused writes for ");
        return new MoveReport.Row(k.name(), strategy.name(), st.rowsCopied(), (t1 - t0) / 1e9, w.refusedRequests(),
                w.blocked(), w.lastAttempts(), lost, at < 0 ? "" : detail.substring(at + "it refused writes for ".length()));
    }

    private Case split() {
        long half = customers / 2;
        return new Case() {
            public String name() {
                return "split";
            }

            public void seed(Statement s) throws SQLException {
                s.execute("insert into app.customers select i, 'customer ' || i from generate_series(0, "
                        + (customers - 1) + ") i");
                s.execute("insert into app.orders select 100000000 + i * " + ORDERS + " + j, i, j from generate_series(0, "
                        + (customers - 1) + ") i, generate_series(0, " + (ORDERS - 1) + ") j");
            }

            public void map(RangeShardMap<Long> map, Shard source) {
                map.createRangeMapping(Range.of(0L, (long) customers), source);
            }

            public MoveOperation move(ShardMover mover, ShardLocation target) {
                return mover.split(Range.of(0L, (long) customers), half, target);
            }

            public long key() {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                return r.nextInt(10) < 8 ? half + r.nextLong(customers - half) : r.nextLong(half);
            }

            public boolean moves(long key) {
                return key >= half;
            }
        };
    }

    private Case hot() {
        int hot = hotOrders();
        return new Case() {
            public String name() {
                return "hot tenant";
            }

            public void seed(Statement s) throws SQLException {
                s.execute("insert into app.customers select i, 'customer ' || i from generate_series(0, 1999) i");
                s.execute("insert into app.orders select 100000000 + i * " + ORDERS + " + j, i, j from"
                        + " generate_series(0, 1999) i, generate_series(0, " + (ORDERS - 1) + ") j where i <> " + HOT_KEY);
                s.execute("insert into app.orders select 200000000 + j, " + HOT_KEY + ", j from generate_series(0, "
                        + (hot - 1) + ") j");
            }

            public void map(RangeShardMap<Long> map, Shard source) {
                map.createRangeMapping(Range.of(0L, HOT_KEY), source);
                map.createRangeMapping(Range.of(HOT_KEY, HOT_KEY + 1), source);
                map.createRangeMapping(Range.of(HOT_KEY + 1, 2000L), source);
            }

            public MoveOperation move(ShardMover mover, ShardLocation target) {
                return mover.move(HOT_KEY, target);
            }

            public long key() {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                long other = r.nextLong(1999);
                return r.nextInt(10) < 8 ? HOT_KEY : other < HOT_KEY ? other : other + 1;
            }

            public boolean moves(long key) {
                return key == HOT_KEY;
            }
        };
    }

    /** Customers per offline batch: the split's moving half in about {@link #BATCHES} batches. */
    private int batchSize() {
        return Math.max(10, customers / 2 / BATCHES);
    }

    private int hotOrders() {
        return customers * 3;
    }

    /** fsync on, as a production server runs (the testkit turns it off for speed), or say it is off. */
    private void durability(PostgresReplicaSet set) throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(set.primaryJdbcUrl(), set.username(), set.password());
                Statement s = c.createStatement()) {
            s.execute("alter system set fsync = " + (fsync ? "on" : "off"));
            s.execute("select pg_reload_conf()");
            for (int i = 0; i < 500; i++) {
                try (ResultSet rs = s.executeQuery("show fsync")) {
                    rs.next();
                    if (rs.getString(1).equals(fsync ? "on" : "off")) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("fsync is not " + (fsync ? "on" : "off") + " 5 s after the reload");
    }

    private static void schema(String url, PostgresReplicaSet set) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, set.username(), set.password());
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

    private static long lost(MoveWriters w, String srcUrl, String dstUrl, PostgresReplicaSet a, Case k)
            throws SQLException {
        Set<Long> onSource = ids(srcUrl, a);
        Set<Long> onTarget = ids(dstUrl, a);
        long lost = 0;
        for (var e : w.acked.entrySet()) {
            boolean there = k.moves(e.getValue()) ? onTarget.contains(e.getKey()) : onSource.contains(e.getKey());
            lost += there ? 0 : 1;
        }
        return lost;
    }

    private static Set<Long> ids(String url, PostgresReplicaSet set) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, set.username(), set.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select order_id from app.orders where order_id >= "
                        + MoveWriters.FIRST_ID)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Runs it on its own: {@code java -cp benchmarks.jar ...MoveWindowBenchmark [customers] [rounds]}. */
    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path out = Path.of("benchmark", "results");
        Files.createDirectories(out);
        new MoveWindowBenchmark(customers, rounds, true).run(out);
        System.out.println(Files.readString(out.resolve(RESULT_MD)));
        System.exit(0);
    }
}
