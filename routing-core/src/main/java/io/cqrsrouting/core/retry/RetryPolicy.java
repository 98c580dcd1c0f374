package io.cqrsrouting.core.retry;

import io.cqrsrouting.core.retry.Retrier;
import io.cqrsrouting.core.RoutingConfigurationException;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a {@link Retrier} repeats work: bounded attempts, exponential
 * backoff with jitter, and an overall deadline. Immutable and thread-safe.
 *
 * <p>Defaults: 3 attempts, 50 ms initial backoff doubling up to 1 s, jitter 0.5 (each delay is
 * drawn uniformly between half and all of the nominal backoff), 10 s overall deadline.
 *
 * <p>For Azure SQL Database and Managed Instance use {@link #azureSql()}: reconfigurations (planned
 * or not) usually end within 60 s, and Microsoft's guidance is to wait some seconds before the
 * first retry and to back off up to a minute, which the defaults above do not cover.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).deadline(Duration.ofSeconds(30)).build();
 * RetryPolicy azure = RetryPolicy.azureSqlBuilder().deadline(Duration.ofMinutes(3)).build();
 * }</pre>
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();
    private static final RetryPolicy AZURE_SQL = azureSqlBuilder().build();

    private final int maxAttempts;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final double multiplier;
    private final double jitter;
    private final long deadlineNanos;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoffNanos = nanos("retry.initialBackoff", b.initialBackoff);
        this.maxBackoffNanos = nanos("retry.maxBackoff", b.maxBackoff);
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.deadlineNanos = nanos("retry.deadline", b.deadline);
    }

    private static long nanos(String setting, Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw new RoutingConfigurationException(setting, "is too large, was " + d);
        }
    }

    /** @return the default policy */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** @return a policy that never retries (one attempt) */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * The Azure SQL profile: 6 attempts; the first retry after 4–5 s, then doubling (jitter 0.2)
     * up to 60 s between attempts; 2 minutes in all. It rides out a reconfiguration of up to about
     * 75 s (waits of about 5, 10, 20 and 40 s). Pair it with a connect timeout of 30 s or more
     * (the builder's default pool wait for SQL Server URLs).
     *
     * @return the Azure SQL profile
     */
    public static RetryPolicy azureSql() {
        return AZURE_SQL;
    }

    /** @return a builder preset with the {@linkplain #azureSql() Azure SQL profile} */
    public static Builder azureSqlBuilder() {
        return new Builder().maxAttempts(6).initialBackoff(Duration.ofSeconds(5))
                .maxBackoff(Duration.ofSeconds(60)).multiplier(2.0).jitter(0.2)
                .deadline(Duration.ofMinutes(2));
    }

    /** @return a builder preset with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most attempts, the first one included (1 means no retry) */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the nominal delay before the first retry */
    public Duration initialBackoff() {
        return Duration.ofNanos(initialBackoffNanos);
    }

    /** @return the largest nominal delay between attempts */
    public Duration maxBackoff() {
        return Duration.ofNanos(maxBackoffNanos);
    }

    /** @return the factor by which the nominal delay grows after each retry */
    public double multiplier() {
        return multiplier;
    }

    /** @return the fraction of each delay that is randomised, 0 (none) to 1 (full jitter) */
    public double jitter() {
        return jitter;
    }

    /** @return how long all attempts together may take, measured from the first attempt's start */
    public Duration deadline() {
        return Duration.ofNanos(deadlineNanos);
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Computes the delay before a retry.
     *
     * @param retry the retry number, 1 for the delay after the first failed attempt
     * @param random a value in [0, 1) that picks the jittered delay
     * @return the delay in nanoseconds: the nominal backoff
     *     {@code min(maxBackoff, initialBackoff * multiplier^(retry-1))} reduced by up to
     *     {@code jitter} of itself
     */
    public long backoffNanos(int retry, double random) {
        double nominal = initialBackoffNanos * Math.pow(multiplier, Math.max(0, retry - 1));
        double capped = Math.min(nominal, maxBackoffNanos);
        return (long) (capped * (1.0 - jitter * random));
    }

    @Override
    public String toString() {
        return "RetryPolicy(maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff()
                + ", maxBackoff=" + maxBackoff() + ", multiplier=" + multiplier + ", jitter="
                + jitter + ", deadline=" + deadline() + ")";
    }

    /** Builds a {@link RetryPolicy}; {@link #build()} validates and names any bad setting. */
    public static final class Builder {

        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private Duration deadline = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * @param maxAttempts the most attempts, the first included; at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param initialBackoff the nominal delay before the first retry; positive
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /**
         * @param maxBackoff the largest nominal delay; at least {@code initialBackoff}
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * @param multiplier growth factor of the delay; at least 1
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * @param jitter fraction of each delay that is randomised; 0 to 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * @param deadline how long all attempts together may take; positive
         * @return this builder
         */
        public Builder deadline(Duration deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /**
         * @return the policy
         * @throws RoutingConfigurationException naming the first invalid setting and its value
         */
        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw bad("retry.maxAttempts", "must be 1 or more, was " + maxAttempts);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw bad("retry.initialBackoff", "must be positive, was " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw bad("retry.maxBackoff", "must be at least retry.initialBackoff ("
                        + initialBackoff + "), was " + maxBackoff);
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw bad("retry.multiplier", "must be a finite number of 1 or more, was "
                        + multiplier);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw bad("retry.jitter", "must be between 0 and 1, was " + jitter);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw bad("retry.deadline", "must be positive, was " + deadline);
            }
            return new RetryPolicy(this);
        }

        private static RoutingConfigurationException bad(String setting, String message) {
            return new RoutingConfigurationException(setting, message);
        }
    }
}
