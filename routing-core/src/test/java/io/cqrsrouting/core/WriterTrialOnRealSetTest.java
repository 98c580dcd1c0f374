package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.testkit.FailoverListener;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused command checks the primary endpoint itself, on the pool connection it would use
 * ({@link WriterTrial}), so the first write after a failover pays one connect. The monitor here
 * is blind on purpose: it probes through a second listener that keeps pointing at the old primary
 * (read-only, or dead), so only a trial can see the new primary behind the application's
 * listener. Writers keep a ledger: every acknowledged write must be on the new primary exactly
 * once, every write after the failover is served by the new primary (never by the read-only
 * node), and a write whose outcome was unknown is never repeated (it is present at most once).
 * A storm of refused commands starts at most two trials per {@link WriterTrial#GAP_MILLIS}.
 * Each scenario ends its set's primary, so each starts its own set.
 */
class WriterTrialOnRealSetTest {

    private static final String TABLE = "trial_ledger";

    @Test
    void geoFailoverBehindAListenerTheFirstWritesLandOnceOnTheNewPrimary() throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.start(1);
                FailoverListener app = FailoverListener.start("127.0.0.1", set.primaryPort());
                FailoverListener monitorView = FailoverListener.start("127.0.0.1",
                        set.primaryPort());
                HikariDataSource pool = pool(app, set);
                RoutingDataSource router = blindRouter(pool, monitorView, set)) {
            prepare(set, router);
            set.setPrimaryReadOnly(true);
            Waits.until("a command is refused as writes-unavailable", Duration.ofSeconds(10),
                    () -> refused(router));

            // A storm of refused commands while the endpoint is still read-only: trials bounded.
            long trialsBefore = router.writerTrial().started();
            long t0 = System.nanoTime();
            Ledger storm = new Ledger(router);
            storm.run(8, 1_000);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long trials = router.writerTrial().started() - trialsBefore;
            System.out.println("TRIAL storm: " + trials + " trials in " + elapsed + " ms of "
                    + storm.refusals.get() + " refusals");
            assertThat(storm.unexpected.get()).isNull();
            assertThat(storm.acked).as("nothing written on a read-only primary").isEmpty();
            assertThat(storm.refusals.get()).as("the storm really stormed").isGreaterThan(400);
            assertThat(trials).as("trials in %d ms of %d refusals", elapsed,
                    storm.refusals.get()).isBetween(5L, 2 * (elapsed / WriterTrial.GAP_MILLIS + 2));
            assertThat(router.writerTrial().proven()).isZero();

            Ledger writers = new Ledger(router);
            writers.start(4);
            set.promote(0);
            app.redirect("127.0.0.1", set.standbyPort(0)); // new connections only, as DNS would
            long writable = System.nanoTime();
            Waits.until("a write lands on the new primary", Duration.ofSeconds(10),
                    () -> writers.firstAckNanos("standby1") > 0);
            long millis = TimeUnit.NANOSECONDS.toMillis(writers.firstAckNanos("standby1")
                    - writable);
            Waits.until("more writes", Duration.ofSeconds(10), () -> writers.acked.size() >= 20);
            writers.stop();

            assertThat(writers.unexpected.get()).isNull();
            assertThat(Set.copyOf(writers.acked.values())).as("nodes that took writes")
                    .containsExactly("standby1");
            assertThat(router.writerTrial().proven()).as("the monitor is blind: a trial found"
                    + " the new primary (%d ms after it was writable)", millis).isPositive();
            checkLedger(set.standbyJdbcUrl(0), set, writers);
            System.out.println("TRIAL geo: writable -> first write " + millis + " ms, trials "
                    + router.writerTrial().started() + ", proven " + router.writerTrial().proven());
        }
    }

    @Test
    void crashBehindAListenerTheFirstWritesLandOnceOnTheNewPrimary() throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.start(1);
                FailoverListener app = FailoverListener.start("127.0.0.1", set.primaryPort());
                FailoverListener monitorView = FailoverListener.start("127.0.0.1",
                        set.primaryPort());
                HikariDataSource pool = pool(app, set);
                RoutingDataSource router = blindRouter(pool, monitorView, set)) {
            prepare(set, router);
            Ledger writers = new Ledger(router);
            writers.start(4);
            Waits.until("writes before the crash", Duration.ofSeconds(10),
                    () -> writers.acked.size() >= 20);
            set.primary().kill();
            app.switchTo("127.0.0.1", set.standbyPort(0)); // drops every open connection
            set.promote(0);
            long writable = System.nanoTime();
            Waits.until("a write lands on the new primary", Duration.ofSeconds(15),
                    () -> writers.firstAckNanos("standby1") > 0);
            long millis = TimeUnit.NANOSECONDS.toMillis(writers.firstAckNanos("standby1")
                    - writable);
            long before = writers.count("standby1");
            Waits.until("more writes", Duration.ofSeconds(10),
                    () -> writers.count("standby1") >= before + 20);
            writers.stop();

            assertThat(writers.unexpected.get()).isNull();
            assertThat(router.writerTrial().proven()).as("the monitor is blind: a trial found"
                    + " the new primary (%d ms after it was writable)", millis).isPositive();
            checkLedger(set.standbyJdbcUrl(0), set, writers);
            System.out.println("TRIAL crash: writable -> first write " + millis + " ms, trials "
                    + router.writerTrial().started() + ", proven " + router.writerTrial().proven()
                    + ", outcome unknown " + writers.unknown.size());
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private static HikariDataSource pool(FailoverListener app, PostgresReplicaSet set) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(app.jdbcUrl("postgres"));
        config.setUsername(set.username());
        config.setPassword(set.password());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** The application's pool behind {@code app}; the monitor sees only {@code monitorView}. */
    private static RoutingDataSource blindRouter(HikariDataSource pool,
            FailoverListener monitorView, PostgresReplicaSet set) throws InterruptedException {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        probe.setURL(monitorView.jdbcUrl("postgres") + "?connectTimeout=1&socketTimeout=1");
        probe.setUser(set.username());
        probe.setPassword(set.password());
        RoutingDataSource router = RoutingDataSource.builder().primary(pool, probe)
                .monitorInterval(Duration.ofSeconds(60)).probeTimeout(Duration.ofSeconds(1))
                .build();
        Waits.monitor(router, 1);
        return router;
    }

    private static void prepare(PostgresReplicaSet set, RoutingDataSource router) {
        set.synchronousReplication(true); // acknowledged writes survive the crash
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE " + TABLE + " (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(Routing.command(() -> Nodes.insert(router, TABLE, -1))).isEqualTo("primary");
    }

    private static boolean refused(RoutingDataSource router) {
        try {
            Routing.command(() -> Nodes.insert(router, TABLE, -2));
            return false;
        } catch (WritesUnavailableException e) {
            return true;
        } catch (IllegalStateException e) {
            return false; // rejected as read-only by the node (the refusals come next)
        }
    }

    /** Every acknowledged id exactly once; an id whose outcome was unknown at most once. */
    private static void checkLedger(String url, PostgresReplicaSet set, Ledger ledger)
            throws SQLException {
        Map<Long, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, set.username(), set.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, count(*) FROM " + TABLE
                        + " WHERE id > 0 GROUP BY id")) {
            while (rs.next()) {
                counts.put(rs.getLong(1), rs.getLong(2));
            }
        }
        for (Long id : ledger.acked.keySet()) {
            assertThat(counts.get(id)).as("acknowledged write %d on the new primary", id)
                    .isEqualTo(1L);
        }
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            assertThat(e.getValue()).as("write %d applied at most once", e.getKey())
                    .isEqualTo(1L);
            assertThat(ledger.acked.containsKey(e.getKey())
                    || ledger.unknown.contains(e.getKey()))
                    .as("row %d was written by a command of the ledger", e.getKey()).isTrue();
        }
    }

    /** Writer threads: unique ids, each command tried once, outcomes recorded. */
    private static final class Ledger {
        private static final AtomicLong IDS = new AtomicLong();
        private final RoutingDataSource router;
        final Map<Long, String> acked = new ConcurrentHashMap<>();
        final Map<String, Long> firstAck = new ConcurrentHashMap<>();
        final Set<Long> unknown = ConcurrentHashMap.newKeySet();
        final AtomicLong refusals = new AtomicLong();
        final AtomicReference<Throwable> unexpected = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Ledger(RoutingDataSource router) {
            this.router = router;
        }

        long firstAckNanos(String node) {
            return firstAck.getOrDefault(node, -1L);
        }

        long count(String node) {
            return acked.values().stream().filter(node::equals).count();
        }

        void start(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    while (running) {
                        writeOnce();
                        LockSupport.parkNanos(1_000_000L);
                    }
                });
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void run(int n, long millis) throws InterruptedException {
            start(n);
            Thread.sleep(millis); // the storm's length is the point, not a condition to poll
            stop();
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).as("writer finished").isFalse();
            }
        }

        private void writeOnce() {
            long id = IDS.incrementAndGet();
            try {
                String node = Routing.command(() -> Nodes.insert(router, TABLE, id));
                acked.put(id, node);
                firstAck.putIfAbsent(node, System.nanoTime());
            } catch (WritesUnavailableException e) {
                refusals.incrementAndGet(); // refused before anything was sent
            } catch (IllegalStateException e) {
                unknown.add(id); // sent, failed: outcome unknown, never repeated
            } catch (RuntimeException e) {
                unexpected.compareAndSet(null, e);
            }
        }
    }
}
