package io.cqrsrouting.core.retry;

import io.cqrsrouting.core.retry.RetryPolicy;
import io.cqrsrouting.core.retry.Retrier;
import com.sun.management.ThreadMXBean;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.WritesUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cqrsrouting.core.failure.Errors.pg;
import static io.cqrsrouting.core.failure.Errors.pgError;
import static io.cqrsrouting.core.failure.Errors.sqlServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Retry decisions and limits, with real driver exceptions and small backoffs. */
class RetrierTest {

    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(4)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

    private final Retrier retrier = new Retrier(FAST);
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Work that throws the given failures in turn, then returns "ok". */
    private String failThenSucceed(Exception... failures) throws SQLException {
        int n = attempts.getAndIncrement();
        if (n < failures.length) {
            Exception e = failures[n];
            if (e instanceof SQLException) {
                throw (SQLException) e;
            }
            throw (RuntimeException) e;
        }
        return "ok";
    }

    private static PSQLException transientFailure() {
        return new PSQLException("could not serialize access", PSQLState.SERIALIZATION_FAILURE);
    }

    private static PSQLException connectionLostMidCall() {
        return new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE);
    }

    @Test
    void aReadIsRetriedAfterATransientFailureAndSucceeds() throws SQLException {
        String result = retrier.call(RoutingIntent.query(), false,
                () -> failThenSucceed(transientFailure()));
        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aConsistentReadIsRetriedAfterAConnectionLoss() throws SQLException {
        assertThat(retrier.call(RoutingIntent.consistent(), false,
                () -> failThenSucceed(connectionLostMidCall(), connectionLostMidCall())))
                .isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aReadIsRetriedAfterAReplicaConflict() throws SQLException {
        assertThat(retrier.call(RoutingIntent.query(), false, () -> failThenSucceed(
                pgError("40001", "canceling statement due to conflict with recovery"),
                sqlServer(3961, 16, "Snapshot isolation transaction failed")))).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aNonIdempotentCommandWithUnknownOutcomeIsNotRetried() {
        PSQLException lost = connectionLostMidCall();
        assertThatThrownBy(() -> retrier.call(RoutingIntent.command(), false,
                () -> failThenSucceed(lost))).isSameAs(lost);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aNonIdempotentCommandIsNotRetriedAfterATransientFailureEither() {
        assertThatThrownBy(() -> retrier.call(RoutingIntent.command(), false,
                () -> failThenSucceed(sqlServer(40613, 17, "not currently available"))))
                .isInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anIdempotentCommandIsRetriedAfterAConnectionLoss() throws SQLException {
        assertThat(retrier.call(RoutingIntent.command(true), false,
                () -> failThenSucceed(connectionLostMidCall()))).isEqualTo("ok");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCommandRejectedAsReadOnlyIsRetriedBecauseNothingWasApplied() throws SQLException {
        assertThat(retrier.call(RoutingIntent.command(), false, () -> failThenSucceed(
                pgError("25006", "cannot execute UPDATE in a read-only transaction"),
                sqlServer(3906, 16, "the database is read-only")))).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aCommandWhoseConnectionCouldNotBeOpenedIsRetried() throws SQLException {
        assertThat(retrier.call(RoutingIntent.command(), false, () -> failThenSucceed(
                new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))))
                .isEqualTo("ok");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aTimeoutIsNeverRetried() {
        for (RoutingIntent intent : List.of(RoutingIntent.query(), RoutingIntent.command(true))) {
            attempts.set(0);
            assertThatThrownBy(() -> retrier.call(intent, false, () -> failThenSucceed(
                    pgError("57014", "canceling statement due to statement timeout"))))
                    .isInstanceOf(PSQLException.class);
            assertThat(attempts).hasValue(1);
        }
    }

    @Test
    void nothingIsRetriedInsideACallersTransaction() {
        assertThatThrownBy(() -> retrier.call(RoutingIntent.query(), true,
                () -> failThenSucceed(transientFailure()))).isInstanceOf(PSQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void unannotatedWorkIsNotRetried() {
        assertThatThrownBy(() -> retrier.call(null, false,
                () -> failThenSucceed(transientFailure()))).isInstanceOf(PSQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aQueryRejectedAsReadOnlyIsNotRetriedBecauseItTriedToWriteOnAReplica() {
        assertThatThrownBy(() -> retrier.call(RoutingIntent.query(), false,
                () -> failThenSucceed(pgError("25006", "read-only transaction"))))
                .isInstanceOf(PSQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void writesUnavailableFailsFastEvenWithAReadOnlyCause() {
        WritesUnavailableException unavailable = new WritesUnavailableException(
                "primary is read-only", pgError("25006", "read-only transaction"));
        assertThatThrownBy(() -> retrier.call(RoutingIntent.command(true), false,
                () -> failThenSucceed(unavailable))).isSameAs(unavailable);
        assertThat(attempts).hasValue(1);
        assertThat(Retrier.mayRetry(RoutingIntent.command(true), false,
                new RuntimeException("wrapped", unavailable))).isFalse();
    }

    @Test
    void otherFailuresAreNotRetried() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertThatThrownBy(() -> retrier.call(RoutingIntent.query(), false,
                () -> failThenSucceed(bug))).isSameAs(bug);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void attemptsAreBoundedAndEarlierFailuresAreKeptAsSuppressed() {
        assertThatThrownBy(() -> retrier.call(RoutingIntent.query(), false,
                () -> failThenSucceed(transientFailure(), transientFailure(), transientFailure(),
                        transientFailure(), transientFailure())))
                .isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void theDeadlineStopsRetriesAndIsNeverSleptPast() {
        Retrier patient = new Retrier(RetryPolicy.builder().maxAttempts(1000).jitter(0)
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(20))
                .deadline(Duration.ofMillis(200)).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> patient.call(RoutingIntent.query(), false, () -> {
            attempts.incrementAndGet();
            throw transientFailure();
        })).isInstanceOf(PSQLException.class);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(attempts.get()).isBetween(2, 11);
        assertThat(elapsedMillis).isLessThan(200 + 1000); // loose: never a sleep past the deadline
    }

    @Test
    void anInterruptStopsRetryingAndStaysSet() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> retrier.call(RoutingIntent.query(), false,
                () -> failThenSucceed(transientFailure())))
                .isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(e.getSuppressed())
                        .hasAtLeastOneElementOfType(InterruptedException.class));
        assertThat(attempts).hasValue(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void theListenerHearsEveryRetry() throws SQLException {
        List<String> heard = new ArrayList<>();
        Retrier listened = new Retrier(FAST, (attempt, failure, delay) -> {
            assertThat(delay).isPositive();
            heard.add(attempt + ":" + failure.kind());
        });
        listened.call(RoutingIntent.query(), false, () -> failThenSucceed(transientFailure(),
                pg("FATAL", "57P01", "terminating connection due to administrator command")));
        assertThat(heard).containsExactly("1:TRANSIENT", "2:CONNECTION_LOST");
    }

    @Test
    void aFailingListenerDoesNotStopTheRetry() throws SQLException {
        Retrier listened = new Retrier(FAST, (attempt, failure, delay) -> {
            throw new IllegalStateException("metrics down");
        });
        assertThat(listened.call(RoutingIntent.query(), false,
                () -> failThenSucceed(transientFailure()))).isEqualTo("ok");
    }

    @Test
    void noRetryPolicyRunsOnce() {
        Retrier none = new Retrier(RetryPolicy.none());
        assertThatThrownBy(() -> none.call(RoutingIntent.query(), false,
                () -> failThenSucceed(transientFailure()))).isInstanceOf(PSQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theSuccessPathAllocatesNothing() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof ThreadMXBean, "allocation counter not available");
        ThreadMXBean threads = (ThreadMXBean) mx;
        RoutingIntent intent = RoutingIntent.query();
        Routing.Work<String, SQLException> work = () -> "ok";
        for (int i = 0; i < 20_000; i++) { // warm up
            retrier.call(intent, false, work);
        }
        long id = Thread.currentThread().getId();
        int calls = 100_000;
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            retrier.call(intent, false, work);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat((double) allocated / calls).isLessThan(1.0);
    }

    @Test
    void theWorksCheckedExceptionTypeIsPreserved() {
        Retrier none = new Retrier(RetryPolicy.none());
        try {
            none.call(RoutingIntent.query(), false, () -> failThenSucceed(transientFailure()));
        } catch (SQLException expected) { // compiles only because E is inferred as SQLException
            assertThat((Object) expected).isInstanceOf(PSQLException.class);
            return;
        }
        throw new AssertionError("not thrown");
    }
}
