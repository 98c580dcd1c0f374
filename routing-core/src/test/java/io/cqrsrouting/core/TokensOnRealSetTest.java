package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistency tokens on a real primary and standby (issue 11, defects 6 and 7): signed by
 * default, rotatable, never causing more waiting than the router allows or holding a connection
 * while they wait, and a genuine token far ahead of the monitor's last look is checked against
 * the primary instead of being dropped.
 */
class TokensOnRealSetTest {

    private static final byte[] KEY_1 = "first-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_2 = "second-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private static PostgresReplicaSet set;

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.start(1);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE tokens (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopSet() {
        set.close();
    }

    private static RoutingDataSourceBuilder pair() {
        return RoutingDataSource.builder().name("tokens")
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password());
    }

    /** The unsigned form any client could make before tokens were signed by default. */
    private static String unsignedOldStyle(String cluster, long position) throws Exception {
        byte[] fingerprint = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                .digest(cluster.getBytes(StandardCharsets.UTF_8)), 8);
        return "1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ByteBuffer.allocate(16).put(fingerprint).putLong(position).array());
    }

    @Test
    void withoutAConfiguredKeyTokensAreStillSignedAndForgeriesIgnored() throws Exception {
        try (RoutingDataSource router = pair().build(); RoutingSession s = Routing.openSession()) {
            Waits.monitor(router, 1);
            assertThat(router.importToken(unsignedOldStyle("tokens", 1))).isFalse();
            assertThat(router.importToken(unsignedOldStyle("default", 1))).isFalse();
            assertThat(router.importToken(new ConsistencyToken("tokens", KEY_1).encode(1)))
                    .as("signed with a key this router does not know").isFalse();
            Routing.command(() -> Nodes.insert(router, "tokens", 1));
            String own = router.exportToken();
            assertThat(own).startsWith("2.");
            assertThat(router.importToken(own)).isTrue();
            String tampered = own.substring(0, own.length() - 2)
                    + (own.endsWith("AA") ? "BB" : "AA");
            assertThat(router.importToken(tampered)).isFalse();
        }
    }

    @Test
    void rotationAcceptsTheOldKeyOnlyWhereItIsListed() throws Exception {
        try (RoutingDataSource old = pair().tokenSigningKey(KEY_1).build();
                RoutingDataSource rotated = pair().tokenSigningKey(KEY_2)
                        .acceptedTokenKeys(KEY_1).build();
                RoutingDataSource dropped = pair().tokenSigningKey(KEY_2).build()) {
            Waits.monitor(old, 1);
            Waits.monitor(rotated, 1);
            Waits.monitor(dropped, 1);
            String token = Routing.session(() -> {
                Routing.command(() -> Nodes.insert(old, "tokens", 2));
                return old.exportToken();
            });
            try (RoutingSession s = Routing.openSession()) {
                assertThat(rotated.importToken(token)).isTrue();
                assertThat(dropped.importToken(token)).isFalse();
            }
        }
    }

    @Test
    void aTokenAheadOfEveryReplicaWaitsWithinTheRouterBoundAndHoldsNoConnection()
            throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(set.standbyJdbcUrl(0));
        config.setUsername(set.username());
        config.setPassword(set.password());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        try (HikariDataSource standbyPool = new HikariDataSource(config);
                RoutingDataSource router = RoutingDataSource.builder().name("tokens")
                        .primary(set.primaryJdbcUrl(), set.username(), set.password())
                        .replica(standbyPool).tokenSigningKey(KEY_1)
                        .maxReadYourWritesWait(Duration.ofMillis(400)).build()) {
            Waits.monitor(router, 2);
            set.pauseReplay(0);
            try {
                Routing.command(() -> Nodes.insert(router, "tokens", 3));
                // A genuine token for a write the standby has not replayed (replay paused).
                String token = Routing.session(() -> {
                    Routing.command(() -> Nodes.insert(router, "tokens", 4));
                    return router.exportToken();
                });
                long t0 = System.nanoTime();
                String[] served = Routing.session(() -> {
                    assertThat(router.importToken(token)).isTrue();
                    FutureTask<String> first = new FutureTask<>(Routing.wrap(
                            () -> Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 5_000,
                                    () -> Nodes.find(router, "tokens", 4))));
                    Thread t = new Thread(first);
                    t.start();
                    // While it waits, the single standby connection serves other reads.
                    Waits.until("the waiting read is past its first poll", Duration.ofSeconds(5),
                            () -> System.nanoTime() - t0 > 100_000_000L);
                    // another request's read (its own session: this one carries the token)
                    String other = Routing.session(() -> Routing.query(() -> Nodes.servedBy(router)));
                    String second = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 5_000,
                            () -> Nodes.find(router, "tokens", 4));
                    return new String[] {first.get(10, TimeUnit.SECONDS), other, second};
                });
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(served[1]).as("the standby connection is free while a read waits")
                        .isEqualTo("standby1");
                assertThat(served[0]).isEqualTo("primary:found");
                assertThat(served[2]).isEqualTo("primary:found");
                assertThat(millis).as("two reads of one request wait 400 ms in all, not 2 x 5 s")
                        .isLessThan(1_500);
            } finally {
                set.resumeReplay(0);
            }
        }
    }

    @Test
    void aGenuineTokenFarAheadOfTheLastProbeIsCheckedAgainstThePrimary() throws Exception {
        // No regular probe during the test, however slow the machine: only the check itself.
        try (RoutingDataSource importer = pair().tokenSigningKey(KEY_1)
                .monitorInterval(Duration.ofMinutes(10)).build();
                RoutingDataSource exporter = pair().tokenSigningKey(KEY_1).build()) {
            Waits.monitor(importer, 1);
            long before = set.primaryWalLsn();
            // A bulk load: more than 64 MB of WAL since the importer's last probe.
            while (set.primaryWalLsn() - before < 80L * 1024 * 1024) {
                Nodes.execute(set.primaryJdbcUrl(), set,
                        "INSERT INTO tokens VALUES (0); SELECT pg_switch_wal()");
            }
            String token = Routing.session(() -> {
                Routing.command(() -> Nodes.insert(exporter, "tokens", 5));
                return exporter.exportToken();
            });
            try (RoutingSession s = Routing.openSession()) {
                assertThat(importer.importToken(token)).isTrue();
                assertThat(Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                        () -> Nodes.find(importer, "tokens", 5))).endsWith(":found");
            }
        }
    }
}
