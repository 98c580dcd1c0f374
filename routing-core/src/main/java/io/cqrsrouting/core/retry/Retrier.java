package io.cqrsrouting.core.retry;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.failure.FailureKind;

import io.cqrsrouting.core.failure.FailureClassifier;

import io.cqrsrouting.core.failure.Failure;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.WritesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Repeats a unit of work after a failure when that is safe: only outside a caller's
 * transaction, only for failures that may go away ({@link FailureKind#retryable()}), and
 * <ul>
 *   <li>for reads ({@code QUERY}, {@code CONSISTENT}) always — except that a {@code QUERY} rejected
 *       as {@link FailureKind#READ_ONLY read-only} is not retried: it tried to write on a replica,
 *       which no retry can fix;
 *   <li>for commands only when the intent is {@link RoutingIntent#idempotent() idempotent} or the
 *       database provably applied nothing ({@link Failure#nothingApplied()}: a read-only rejection,
 *       a connection that could not be opened). A command whose outcome is unknown (connection lost
 *       mid-call, transient error after statements ran) is never silently repeated;
 *   <li>never for {@link FailureKind#TIMEOUT} or {@link FailureKind#OTHER}, never for work with no
 *       intent (unannotated code: read or write is unknown), and never for a
 *       {@link WritesUnavailableException} anywhere in the chain: writes-unavailable mode is a
 *       fail-fast contract, the caller decides when to try again.
 * </ul>
 *
 * <p>"Nothing applied" is judged from the failed call and from the attempt as a whole: if any
 * primary connection committed during the attempt ({@link RoutingSpi#commitCount()} moved: an
 * autocommit statement, an inner transaction), part of the work is applied and a non-idempotent
 * command is not repeated. A {@code @Transactional @Command} whose first write is rejected is
 * retried; the same work in autocommit mode is not.
 *
 * <p>Attempts are bounded by {@link RetryPolicy#maxAttempts()}, spaced by exponential backoff with
 * jitter, and the retrier never sleeps past {@link RetryPolicy#deadline()}: when the next delay
 * would cross it, the last failure is thrown. An interrupt while waiting stops the retries, restores
 * the thread's interrupt flag and throws the last failure (with the {@link InterruptedException}
 * suppressed). When retries are exhausted the thrown failure carries the previous one as suppressed.
 *
 * <p>Thread-safe; the success path allocates nothing beyond what the work does.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);
    private static final Listener NO_LISTENER = (attempt, failure, delayNanos) -> { };
    private static final int MAX_CHAIN = 32;

    /** Told about every retry, for metrics. Must be fast and must not throw. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after an attempt failed and before waiting for the next one.
         *
         * @param attempt the number of the attempt that failed, starting at 1
         * @param failure how that failure was classified
         * @param delayNanos how long the retrier will wait before the next attempt
         */
        void onRetry(int attempt, Failure failure, long delayNanos);
    }

    private final RetryPolicy policy;
    private final Listener listener;

    /** @param policy how often and how patiently to retry */
    public Retrier(RetryPolicy policy) {
        this(policy, NO_LISTENER);
    }

    /**
     * @param policy how often and how patiently to retry
     * @param listener told about every retry
     */
    public Retrier(RetryPolicy policy, Listener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** @return the policy */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code work}, repeating it after failures when that is safe (see the class comment).
     *
     * @param intent the intent of the work, or {@code null} if unknown (then nothing is retried)
     * @param inCallerTransaction whether the caller already holds a transaction (then nothing is
     *     retried: only the caller can repeat its whole transaction)
     * @param work the work; run at most {@link RetryPolicy#maxAttempts()} times
     * @param <T> result type
     * @param <E> exception type
     * @return what the first successful run returned
     * @throws E the last failure when it may not or need not be retried
     */
    public <T, E extends Exception> T call(RoutingIntent intent, boolean inCallerTransaction,
            Routing.Work<T, E> work) throws E {
        if (inCallerTransaction || intent == null || policy.maxAttempts() == 1) {
            return work.run();
        }
        long start = System.nanoTime();
        Exception previous = null;
        for (int attempt = 1; ; attempt++) {
            long commits = RoutingSpi.commitCount();
            try {
                return work.run();
            } catch (Exception e) {
                suppress(e, previous);
                Failure failure = FailureClassifier.classify(e);
                boolean partlyApplied = RoutingSpi.commitCount() != commits;
                if (attempt >= policy.maxAttempts()
                        || !mayRetry(intent, false, e, failure, partlyApplied)) {
                    throw Retrier.<E>propagate(e);
                }
                long delay = policy.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble());
                long remaining = policy.deadlineNanos() - (System.nanoTime() - start);
                if (delay >= remaining) {
                    throw Retrier.<E>propagate(e);
                }
                notify(intent, attempt, failure, delay);
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw Retrier.<E>propagate(e);
                }
                previous = e;
            }
        }
    }

    /**
     * Tells whether a failure of work with this intent may be retried (see the class comment). For
     * adapters that run their own retry loop; such a loop must also compare
     * {@link RoutingSpi#commitCount()} before and after the attempt and not repeat a non-idempotent
     * command whose attempt committed anything (this method sees only the failure).
     *
     * @param intent the intent, or {@code null} if unknown
     * @param inCallerTransaction whether the caller holds a transaction
     * @param failure what the work threw
     * @return whether repeating the work is safe and may succeed
     */
    public static boolean mayRetry(RoutingIntent intent, boolean inCallerTransaction,
            Throwable failure) {
        return mayRetry(intent, inCallerTransaction, failure, FailureClassifier.classify(failure),
                false);
    }

    private static boolean mayRetry(RoutingIntent intent, boolean inCallerTransaction,
            Throwable thrown, Failure failure, boolean partlyApplied) {
        if (inCallerTransaction || intent == null || !failure.kind().retryable()
                || writesUnavailable(thrown)) {
            return false;
        }
        switch (intent.kind()) {
            case COMMAND:
                return intent.idempotent() || (failure.nothingApplied() && !partlyApplied);
            case QUERY:
                return failure.kind() != FailureKind.READ_ONLY;
            default:
                return true;
        }
    }

    private static boolean writesUnavailable(Throwable t) {
        for (int i = 0; t != null && i < MAX_CHAIN; i++, t = t.getCause()) {
            if (t instanceof WritesUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private void notify(RoutingIntent intent, int attempt, Failure failure, long delayNanos) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Retrying {} after attempt {} failed with {}; waiting {} ms", intent.origin(),
                    attempt, failure, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        }
        try {
            listener.onRetry(attempt, failure, delayNanos);
        } catch (RuntimeException e) {
            LOG.warn("Retry listener failed; retrying anyway", e);
        }
    }

    private static void suppress(Exception current, Exception previous) {
        if (previous != null && previous != current) {
            current.addSuppressed(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E propagate(Exception e) {
        return (E) e; // work.run() declares only E, so a checked e is an E
    }
}
