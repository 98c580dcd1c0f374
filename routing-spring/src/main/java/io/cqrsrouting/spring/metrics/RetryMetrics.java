package io.cqrsrouting.spring.metrics;

import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.retry.Retrier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts method-level retries as {@code cqrs.routing.retries}, tagged with the {@code failure}
 * kind that caused them ({@code connection_lost}, {@code transient}, ...). A {@link
 * Retrier.Listener}: give it to the {@link Retrier} ({@code new Retrier(policy, retryMetrics)}).
 */
public final class RetryMetrics implements Retrier.Listener {

    private final Map<FailureKind, Counter> counters = new EnumMap<>(FailureKind.class);

    /** @param registry where to register the counters */
    public RetryMetrics(MeterRegistry registry) {
        for (FailureKind kind : FailureKind.values()) {
            if (kind.retryable()) {
                counters.put(kind, Counter.builder(RouterMeters.PREFIX + "retries")
                        .description("Units of work retried after a failure, by failure kind")
                        .tag("failure", RouterMeters.lower(kind)).register(registry));
            }
        }
    }

    @Override
    public void onRetry(int attempt, Failure failure, long delayNanos) {
        Counter c = counters.get(failure.kind());
        if (c != null) {
            c.increment();
        }
    }
}
