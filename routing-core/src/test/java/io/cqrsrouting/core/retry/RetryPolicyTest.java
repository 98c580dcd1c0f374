package io.cqrsrouting.core.retry;

import io.cqrsrouting.core.retry.RetryPolicy;
import io.cqrsrouting.core.RoutingConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void defaultsAreThreeAttemptsFiftyMillisDoublingToOneSecondWithinTenSeconds() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.multiplier()).isEqualTo(2.0);
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.jitter()).isEqualTo(0.5);
        assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void noneMakesASingleAttempt() {
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        RetryPolicy p = RetryPolicy.builder().jitter(0).build();
        assertThat(p.backoffNanos(1, 0.7)).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(p.backoffNanos(2, 0.7)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(p.backoffNanos(5, 0.7)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(p.backoffNanos(6, 0.7)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(p.backoffNanos(1000, 0.7)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void jitterTakesUpToItsFractionOffTheNominalDelay() {
        RetryPolicy half = RetryPolicy.defaults();
        long nominal = Duration.ofMillis(100).toNanos();
        assertThat(half.backoffNanos(2, 0.0)).isEqualTo(nominal);
        assertThat(half.backoffNanos(2, 0.999)).isBetween(nominal / 2, nominal);
        RetryPolicy full = RetryPolicy.builder().jitter(1).build();
        assertThat(full.backoffNanos(2, 0.999)).isLessThan(nominal / 100);
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        assertRejected(RetryPolicy.builder().maxAttempts(0), "retry.maxAttempts", "0");
        assertRejected(RetryPolicy.builder().initialBackoff(Duration.ZERO),
                "retry.initialBackoff", "PT0S");
        assertRejected(RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)),
                "retry.initialBackoff", "-0.001");
        assertRejected(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)),
                "retry.maxBackoff", "PT1S");
        assertRejected(RetryPolicy.builder().multiplier(0.5), "retry.multiplier", "0.5");
        assertRejected(RetryPolicy.builder().multiplier(Double.NaN), "retry.multiplier", "NaN");
        assertRejected(RetryPolicy.builder().jitter(1.5), "retry.jitter", "1.5");
        assertRejected(RetryPolicy.builder().jitter(-0.1), "retry.jitter", "-0.1");
        assertRejected(RetryPolicy.builder().deadline(Duration.ZERO), "retry.deadline", "PT0S");
        assertRejected(RetryPolicy.builder().deadline(Duration.ofSeconds(Long.MAX_VALUE)),
                "retry.deadline", "too large");
    }

    private static void assertRejected(RetryPolicy.Builder builder, String setting, String value) {
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(RoutingConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(setting).hasMessageContaining(value);
    }

    @Test
    void toStringShowsEverySetting() {
        assertThat(RetryPolicy.defaults().toString())
                .contains("maxAttempts=3", "PT0.05S", "PT1S", "multiplier=2.0", "jitter=0.5",
                        "PT10S");
    }
}
