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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a move blocks the application's writes, per strategy, in three cases on two embedded
 * PostgreSQL servers (a source and a target shard database each, fsync on unless told otherwise),
 * built by {@link MoveCases}:
 * <ul>
 * <li><b>split</b> — {@code customers} customers with {@value MoveCases#ORDERS} orders each; a split
 *     moves the upper half to the target, offline in about {@value #BATCHES} batches or online;</li>
 * <li><b>hot tenant</b> and <b>hot tenant x10</b> — one customer with {@code 3 × customers}, then
 *     {@code 30 × customers} orders in its own mapping; {@code move(key, target)} moves it. Offline,
 *     its single batch is refused for the whole copy, so that window grows with the tenant; online,
 *     only the cutover is fenced, which should not. Two sizes show how each window scales.</li>
 * </ul>
 * One request in {@value #RESIDENT_SHARE} is for one of {@value #RESIDENTS} customers that live on
 * the target in a mapping of their own (the target is a serving shard: its connections are in use
 * when the moved customers arrive); of the others, 80 % go to the moving range. The same data, writers ({@link MoveWriters})
 * and mover settings for both strategies. Reported ({@link MoveReport}): rows moved per second,
 * refused requests, the blocked time's p50 / p99 / max, the mover's own account of its longest
 * window phase by phase, a check that every acknowledged order is on the shard that owns its
 * customer afterwards, and the hot tenant's windows by size side by side.
 */
public final class MoveWindowBenchmark {

    public static final String RESULT_JSON = "move.json";
    public static final String RESULT_MD = "move.md";
    private static final SchemaInfo SCHEMA = SchemaInfo.builder()
            .shardedTable("app", "customers", "id").shardedTable("app", "orders", "customer_id").build();

    static final int BATCHES = 20;
    /** First key of the customers that live on the target (its own mapping, never moved). */
    static final long RESIDENT = 10_000_000L;
    static final int RESIDENTS = 1000;
    /** One request in this many is for a customer on the target. */
    static final int RESIDENT_SHARE = 10;
    /** The hot tenant's orders per split customer: the small size, then the large one (10 ×). */
    public static final int HOT_SMALL = 3;
    public static final int HOT_LARGE = 30;

    private final int customers;
    private final int rounds;
    private final boolean fsync;
    private int seq;

    /**
     * @param customers customers of the split case (half of them move); the hot tenant has 3 × as
     *     many orders, the large one 30 ×
     * @param rounds moves per case and strategy
     * @param fsync whether the servers run with fsync on (the testkit's default is off)
     */
    public MoveWindowBenchmark(int customers, int rounds, boolean fsync) {
        this.customers = customers;
        this.rounds = rounds;
        this.fsync = fsync;
    }

    public void run(Path out) throws Exception {
        List<MoveReport.Row> rows = new ArrayList<>();
        MoveCases.Case small = MoveCases.hotTenant("hot tenant", customers * HOT_SMALL);
        MoveCases.Case large = MoveCases.hotTenant("hot tenant x10", customers * HOT_LARGE);
        List<MoveCases.Case> cases = List.of(MoveCases.split(customers, batchSize()), small, large);
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
                for (MoveCases.Case k : cases) {
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
        cases.forEach(k -> intro.put(k.name(), k.intro()));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put(small.name(), customers * HOT_SMALL);
        sizes.put(large.name(), customers * HOT_LARGE);
        Files.writeString(out.resolve(RESULT_JSON), MoveReport.json(rows), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(RESULT_MD), MoveReport.markdown(rows, intro,
                fsync ? "`fsync` on" : "`fsync` off (testkit default)", sizes), StandardCharsets.UTF_8);
    }

    private MoveReport.Row round(ShardMapManager smm, PostgresReplicaSet a, PostgresReplicaSet b, MoveCases.Case k,
            MoveStrategy strategy) throws Exception {
        int n = ++seq;
        String src = a.createDatabase("move_src_" + n);
        String dst = b.createDatabase("move_dst_" + n);
        schema(a.primaryJdbcUrl(src), a);
        schema(b.primaryJdbcUrl(dst), b);
        try (Connection c = DriverManager.getConnection(b.primaryJdbcUrl(dst), b.username(), b.password());
                Statement s = c.createStatement()) {
            s.execute("insert into app.customers select i, 'resident ' || i from generate_series(" + RESIDENT + ", "
                    + (RESIDENT + RESIDENTS - 1) + ") i");
        }
        try (Connection c = DriverManager.getConnection(a.primaryJdbcUrl(src), a.username(), a.password());
                Statement s = c.createStatement()) {
            k.seed(s);
            s.execute("analyze");
        }
        RangeShardMap<Long> map = smm.createRangeShardMap("move_" + n, Long.class);
        Shard s1 = map.createShard(ShardLocation.of(a.primaryJdbcUrl(src)));
        Shard s2 = map.createShard(ShardLocation.of(b.primaryJdbcUrl(dst)));
        k.map(map, s1);
        // the target already serves other customers, written by the same writers: its router and its
        // sessions are in use when the moved keys arrive, as a serving shard's are
        map.createRangeMapping(Range.of(RESIDENT, 2 * RESIDENT), s2);
        MoveWriters w;
        MoveStatus st;
        long t0;
        long t1;
        try (ShardedDataSource sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(x -> x.poolSize(4).connectionTimeout(Duration.ofSeconds(5))).build();
                ShardMover mover = ShardMover.builder().manager(smm).map(map.name()).schema(SCHEMA).strategy(strategy)
                        .batchSize(batchSize()).drainTimeout(Duration.ofSeconds(2)).build()) {
            Sharding.withKey(map.name(), RESIDENT, () -> Routing.command(() -> {
                try (Connection c = sds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                return null;
            }));
            w = new MoveWriters(sds, map.name(), () -> residentOr(k));
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

    /** One request in {@value #RESIDENT_SHARE}: a customer living on the target; the others: the case's pick. */
    private static long residentOr(MoveCases.Case k) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(RESIDENT_SHARE) == 0 ? RESIDENT + r.nextInt(RESIDENTS) : k.key();
    }

    /** Customers per offline batch: the split's moving half in about {@link #BATCHES} batches. */
    private int batchSize() {
        return Math.max(10, customers / 2 / BATCHES);
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

    private static long lost(MoveWriters w, String srcUrl, String dstUrl, PostgresReplicaSet a, MoveCases.Case k)
            throws SQLException {
        Set<Long> onSource = ids(srcUrl, a);
        Set<Long> onTarget = ids(dstUrl, a);
        long lost = 0;
        for (var e : w.acked.entrySet()) {
            long key = e.getValue();
            boolean there = k.moves(key) || key >= RESIDENT ? onTarget.contains(e.getKey()) : onSource.contains(e.getKey());
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
