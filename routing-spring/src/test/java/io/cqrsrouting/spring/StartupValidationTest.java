package io.cqrsrouting.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.RoutingConfigurationException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

/** Conflicting or invalid annotations fail the application context at start-up. */
class StartupValidationTest {

    public static class Conflicting {
        @Command
        @Query
        public void both() {
        }
    }

    public static class NegativeStaleness {
        @Query(maxStalenessMillis = -5)
        public void read() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting
    @Import(Conflicting.class)
    static class ConflictingConfig {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting
    @Import(NegativeStaleness.class)
    static class NegativeStalenessConfig {
    }

    @Test
    void commandAndQueryOnOneMethodAreRejectedAtStartUpNamingBoth() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(ConflictingConfig.class))
                .isInstanceOf(BeanCreationException.class)
                .satisfies(e -> {
                    Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
                    assertThat(root).isInstanceOf(RoutingConfigurationException.class)
                            .hasMessageContaining("@Command and @Query")
                            .hasMessageContaining("Conflicting.both");
                });
    }

    @Test
    void invalidAnnotationValueIsRejectedAtStartUpNamingTheMethod() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(NegativeStalenessConfig.class))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(RoutingConfigurationException.class)
                        .hasMessageContaining("maxStalenessMillis")
                        .hasMessageContaining("NegativeStaleness.read")
                        .hasMessageContaining("-5"));
    }
}
