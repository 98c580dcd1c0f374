package io.cqrsrouting.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for the conditions the server reports only by being asked. */
final class Poll {

    private Poll() {
    }

    /** Checks {@code condition} every {@code intervalMillis} until it holds (true) or time is up (false). */
    static boolean until(Duration timeout, long intervalMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(intervalMillis);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresTestkitException("interrupted while waiting", e);
        }
    }
}
