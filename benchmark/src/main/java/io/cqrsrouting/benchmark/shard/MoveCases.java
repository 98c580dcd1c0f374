package io.cqrsrouting.benchmark.shard;

import io.cqrsrouting.shard.MoveOperation;
import io.cqrsrouting.shard.Range;
import io.cqrsrouting.shard.RangeShardMap;
import io.cqrsrouting.shard.Shard;
import io.cqrsrouting.shard.ShardLocation;
import io.cqrsrouting.shard.ShardMover;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The move benchmark's cases: what each seeds on the source shard, how it maps it, which move it
 * starts and which customers its writers pick. Keys of the moving range are chosen for 80 % of the
 * requests for the source's customers in every case (the benchmark sends one request in ten to
 * customers living on the target).
 */
final class MoveCases {

    /** Orders per ordinary customer. */
    static final int ORDERS = 10;
    /** The customer that is the hot tenant. */
    static final long HOT_KEY = 1000;
    /** Customers of the hot-tenant cases, the hot tenant included. */
    static final int HOT_CASE_CUSTOMERS = 2000;

    private MoveCases() {
    }

    /** One case: its data, its mappings, its move and its writers' keys. */
    interface Case {
        String name();

        /** @return one paragraph for the report, describing the case */
        String intro();

        void seed(Statement s) throws SQLException;

        void map(RangeShardMap<Long> map, Shard source);

        MoveOperation move(ShardMover mover, ShardLocation target);

        /** @return the customer of the next request (called on the writer threads) */
        long key();

        /** @return whether {@code key} belongs to the moving range */
        boolean moves(long key);
    }

    /**
     * {@code customers} customers with {@value #ORDERS} orders each; a split moves the upper half.
     *
     * @param batchSize customers per offline batch, for the description
     */
    static Case split(int customers, int batchSize) {
        long half = customers / 2;
        return new Case() {
            public String name() {
                return "split";
            }

            public String intro() {
                return String.format(Locale.ROOT, "A split moves %,d of %,d customers (%d orders each, %,d rows);"
                        + " 80 %% of the requests for the source's customers are for moving ones. Offline batches of %d customers"
                        + " (%,d rows).", customers - half, customers, ORDERS, (customers - half) * (ORDERS + 1),
                        batchSize, batchSize * (ORDERS + 1));
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

    /**
     * One customer ({@link #HOT_KEY}) with {@code orders} orders in a mapping of its own, among
     * {@code HOT_CASE_CUSTOMERS - 1} ordinary customers; {@code move(key, target)} moves it. Offline it
     * is a single batch, refused for its whole copy; online only its cutover is fenced.
     *
     * @param name the case's name in the report
     */
    static Case hotTenant(String name, int orders) {
        return new Case() {
            public String name() {
                return name;
            }

            public String intro() {
                return String.format(Locale.ROOT, "`move(key)` moves one customer with %,d orders (its own mapping)"
                        + " among %,d ordinary ones (%d orders each); 80 %% of the requests for the source's customers are for it. Offline it is"
                        + " one batch.", orders, HOT_CASE_CUSTOMERS - 1, ORDERS);
            }

            public void seed(Statement s) throws SQLException {
                s.execute("insert into app.customers select i, 'customer ' || i from generate_series(0, "
                        + (HOT_CASE_CUSTOMERS - 1) + ") i");
                s.execute("insert into app.orders select 100000000 + i * " + ORDERS + " + j, i, j from"
                        + " generate_series(0, " + (HOT_CASE_CUSTOMERS - 1) + ") i, generate_series(0, "
                        + (ORDERS - 1) + ") j where i <> " + HOT_KEY);
                s.execute("insert into app.orders select 200000000 + j, " + HOT_KEY + ", j from generate_series(0, "
                        + (orders - 1) + ") j");
            }

            public void map(RangeShardMap<Long> map, Shard source) {
                map.createRangeMapping(Range.of(0L, HOT_KEY), source);
                map.createRangeMapping(Range.of(HOT_KEY, HOT_KEY + 1), source);
                map.createRangeMapping(Range.of(HOT_KEY + 1, (long) HOT_CASE_CUSTOMERS), source);
            }

            public MoveOperation move(ShardMover mover, ShardLocation target) {
                return mover.move(HOT_KEY, target);
            }

            public long key() {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                long other = r.nextLong(HOT_CASE_CUSTOMERS - 1);
                return r.nextInt(10) < 8 ? HOT_KEY : other < HOT_KEY ? other : other + 1;
            }

            public boolean moves(long key) {
                return key == HOT_KEY;
            }
        };
    }
}
