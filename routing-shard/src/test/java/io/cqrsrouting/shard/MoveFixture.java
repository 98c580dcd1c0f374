package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.connect;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.cqrsrouting.shard.internal.mover.MoveHook;

/** Shard databases with a small application schema (customers, their orders, a reference table) for move tests. */
final class MoveFixture {

    static final SchemaInfo LONG_SCHEMA = SchemaInfo.builder()
            .shardedTable("app", "customers", "id")
            .shardedTable("app", "orders", "customer_id")
            .referenceTable("app", "countries")
            .build();

    private MoveFixture() {
    }

    /** A new shard database on {@code set} with the schema, keys of type {@code keyType} (bigint or text). */
    static String shardDb(PostgresReplicaSet set, String prefix, String keyType) throws SQLException {
        String db = ShardTestbed.newDatabase(set, prefix);
        try (Connection c = connect(set.primaryJdbcUrl(db)); Statement s = c.createStatement()) {
            s.execute("create schema app");
            s.execute("create table app.customers (id " + keyType + " primary key, name text not null)");
            s.execute("create table app.orders (order_id bigserial primary key, customer_id " + keyType
                    + " not null references app.customers (id), amount int not null)");
            s.execute("create index orders_by_customer on app.orders (customer_id)");
            s.execute("create table app.countries (code text primary key, name text not null)");
        }
        return db;
    }

    static void seedCountries(String url) throws SQLException {
        exec(url, "insert into app.countries values ('DE', 'Germany'), ('FR', 'France')");
    }

    /** Customers {@code ids}, each with two orders. */
    static void seed(String url, List<?> ids) throws SQLException {
        try (Connection c = connect(url)) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("insert into app.customers values (?, ?)");
                    var po = c.prepareStatement("insert into app.orders (customer_id, amount) values (?, ?)")) {
                for (Object id : ids) {
                    ps.setObject(1, id);
                    ps.setString(2, "c" + id);
                    ps.addBatch();
                    for (int i = 1; i <= 2; i++) {
                        po.setObject(1, id);
                        po.setInt(2, i);
                        po.addBatch();
                    }
                }
                ps.executeBatch();
                po.executeBatch();
            }
            c.commit();
        }
    }

    static List<Long> longs(long from, long to, long step) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i += step) {
            out.add(i);
        }
        return out;
    }

    /** Customer id → "name|amounts" of a shard, for comparing before and after. */
    static Map<String, String> rows(String url) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select c.id::text, c.name || '|' || coalesce((select string_agg(o.amount::text, ',' order by o.amount)"
                        + " from app.orders o where o.customer_id = c.id), '') from app.customers c")) {
            while (rs.next()) {
                if (out.put(rs.getString(1), rs.getString(2)) != null) {
                    throw new AssertionError("duplicate customer");
                }
            }
        }
        return out;
    }

    static long count(String url, String sql) throws SQLException {
        return Long.parseLong(ShardTestbed.one(url, sql));
    }

    static void exec(String url, String sql) throws SQLException {
        ShardTestbed.exec(url, sql);
    }

    /** Thrown by a hook to stop the mover there, as if its process died. */
    static final class Killed extends Error {
        Killed() {
            super("killed by the test");
        }
    }

    static MoveHook killAt(String step, boolean persisted) {
        AtomicBoolean armed = new AtomicBoolean(true);
        return (s, p) -> {
            if (s.equals(step) && p == persisted && armed.getAndSet(false)) {
                throw new Killed();
            }
        };
    }

    /**
     * Kills the mover once at each of the given steps after the step's work is done: first before the
     * step is persisted, then (after a resume has redone the work) after it is.
     */
    static final class KillEach implements MoveHook {
        private final java.util.Set<String> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

        KillEach(List<String> steps) {
            this(steps, List.of());
        }

        /** @param unpersisted hook points that are never persisted (inside a step): killed there once */
        KillEach(List<String> steps, List<String> unpersisted) {
            for (String s : steps) {
                pending.add(s + "/false");
                pending.add(s + "/true");
            }
            for (String s : unpersisted) {
                pending.add(s + "/false");
            }
        }

        @Override
        public void reached(String step, boolean persisted) {
            // before-persist first: the after-persist kill of a step waits for its before-persist kill
            if ((!persisted || !pending.contains(step + "/false")) && pending.remove(step + "/" + persisted)) {
                throw new Killed();
            }
        }

        /** @return the kill points never reached */
        java.util.Set<String> missed() {
            return new java.util.TreeSet<>(pending);
        }
    }

    /** Holds the mover after {@code step} is persisted until {@link Pause#release()}. */
    static final class Pause implements MoveHook {
        final String step;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Pause(String step) {
            this.step = step;
        }

        @Override
        public void reached(String s, boolean persisted) {
            if (s.equals(step) && persisted && reached.getCount() > 0) {
                reached.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError("pause at " + step + " never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("mover never reached " + step);
            }
        }

        void release() {
            release.countDown();
        }
    }
}
