package io.cqrsrouting.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Polls a condition with a deadline; a wait that runs out fails the test with its description. */
final class Waits {

    private Waits() {
    }

    /** Polls every 2 ms until {@code condition} holds; fails the test after {@code timeout}. */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        assertThat(holds(timeout, condition)).as("within " + timeout + ": " + what).isTrue();
    }

    /** @return whether {@code condition} held within {@code timeout} (polled every 2 ms) */
    static boolean holds(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(2_000_000L);
        }
        return true;
    }

    /** Awaits {@code rounds} fresh probes of every endpoint and fails the test if they do not come. */
    static void monitor(RoutingDataSource router, int rounds) throws InterruptedException {
        assertThat(router.awaitMonitor(rounds, 10_000))
                .as("the monitor probed every endpoint " + rounds + " more time(s)").isTrue();
    }
}
