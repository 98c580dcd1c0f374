package io.cqrsrouting.core.retry;

import io.cqrsrouting.core.RoutingListener;

import io.cqrsrouting.core.RoutingEvent;

import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.retry.Retrier;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link Retrier}'s retries into {@link RoutingEvent.Retried} events:
 * {@code new Retrier(policy, RetryEvents.to(listener, router.name()))}.
 */
public final class RetryEvents implements Retrier.Listener {

    private final RoutingListener listener;
    private final String cluster;

    private RetryEvents(RoutingListener listener, String cluster) {
        this.listener = listener;
        this.cluster = cluster;
    }

    /**
     * @param listener told about every retry
     * @param cluster the cluster name to put in the events, or null when the retrier serves
     *     several routers
     * @return a retry listener for {@link Retrier#Retrier(io.cqrsrouting.core.retry.RetryPolicy,
     *     Retrier.Listener)}
     */
    public static Retrier.Listener to(RoutingListener listener, String cluster) {
        return new RetryEvents(Objects.requireNonNull(listener, "listener"), cluster);
    }

    @Override
    public void onRetry(int attempt, Failure failure, long delayNanos) {
        listener.onEvent(new RoutingEvent.Retried(cluster, attempt, failure.kind(),
                TimeUnit.NANOSECONDS.toMillis(delayNanos)));
    }
}
