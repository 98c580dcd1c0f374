package io.cqrsrouting.core;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code primaryReadShare}: the primary takes about that share of plain replica reads, asked of
 * the real primary and standby ({@code pg_is_in_recovery()}); commands and consistent reads keep
 * their routes; out-of-range values fail at build time naming the setting and the value.
 */
class PrimaryReadShareOnRealPairTest {

    private static final int READS = 400;

    private static PostgresReplicaSet set;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.shared(1);
    }

    private static RoutingDataSource router(double share) throws InterruptedException {
        RoutingDataSource ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .primaryReadShare(share).build();
        assertThat(ds.awaitMonitor(1, 10_000)).as("monitor saw the standby").isTrue();
        return ds;
    }

    /** @return how many of {@code n} plain {@code @Query} reads the primary served */
    private static int readsOnPrimary(RoutingDataSource ds, int n) {
        // a fresh session: this thread may have written in other tests (then reads are RYW)
        return Routing.session(() -> {
            int onPrimary = 0;
            for (int i = 0; i < n; i++) {
                if (!Routing.query(() -> inRecovery(ds))) {
                    onPrimary++;
                }
            }
            return onPrimary;
        });
    }

    private static boolean inRecovery(RoutingDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return PostgresReplicaSet.isStandby(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void halfShareSendsAboutHalfOfThePlainReadsToThePrimary() throws Exception {
        try (RoutingDataSource ds = router(0.5)) {
            int onPrimary = readsOnPrimary(ds, READS);
            // binomial(400, 0.5): mean 200, sd 10; 150..250 is five sd either side
            assertThat(onPrimary).isBetween(150, 250);
            assertThat(ds.fallbackCount(FallbackReason.ALL_REPLICAS_DOWN)).isZero();
            // commands and reads that ask for the primary are not shared out (in a session of
            // their own: a command leaves a position in the thread's session otherwise, which
            // would make this thread's later plain reads read-your-writes in other tests)
            Routing.session(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(Routing.command(() -> inRecovery(ds))).isFalse();
                    assertThat(Routing.consistent(() -> inRecovery(ds))).isFalse();
                }
                return null;
            });
        }
    }

    @Test
    void smallShareSendsFewReadsToThePrimary() throws Exception {
        try (RoutingDataSource ds = router(0.1)) {
            // binomial(400, 0.1): mean 40, sd 6
            assertThat(readsOnPrimary(ds, READS)).isBetween(15, 70);
        }
    }

    @Test
    void zeroShareSendsNoPlainReadToThePrimary() throws Exception {
        try (RoutingDataSource ds = router(0)) {
            assertThat(readsOnPrimary(ds, 200)).isZero();
        }
    }

    @Test
    void outOfRangeShareFailsAtBuildNamingTheSettingAndValue() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> RoutingDataSource.builder()
                    .primary(set.primaryJdbcUrl(), set.username(), set.password())
                    .primaryReadShare(bad).monitor(false).build())
                    .isInstanceOf(RoutingConfigurationException.class)
                    .hasMessageStartingWith("primaryReadShare: must be at least 0 and less than 1;"
                            + " was " + bad)
                    .extracting(e -> ((RoutingConfigurationException) e).setting())
                    .isEqualTo("primaryReadShare");
        }
    }
}
