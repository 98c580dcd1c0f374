package io.cqrsrouting.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * Only Spring Boot 4 / Spring Framework 7 are supported; anything older stops start-up with a
 * message naming what was found and what is needed, never silently does nothing. (A real Boot 3
 * class path is not built here: the versions are given to the check.)
 */
class SupportedVersionsTest {

    @Test
    void boot4OnSpring7IsSupported() {
        assertThat(SupportedVersions.problem("4.1.1", "7.0.3", true)).isNull();
        assertThat(SupportedVersions.problem("4.0.0-RC1", "7.0.0", true)).isNull();
        assertThat(SupportedVersions.problem()).as("this build's own class path").isNull();
    }

    @Test
    void boot3OrSpring6IsRefusedNamingBothVersions() {
        assertThat(SupportedVersions.problem("3.5.7", "6.2.12", false))
                .contains("requires Spring Boot 4.x and Spring Framework 7.x")
                .contains("found Spring Boot 3.5.7 and Spring Framework 6.2.12")
                .contains("cqrs.routing.enabled=false");
        assertThat(SupportedVersions.problem("4.1.1", "6.2.12", true)).isNotNull();
    }

    @Test
    void unknownVersionsAreJudgedByTheClassLayout() {
        assertThat(SupportedVersions.problem(null, null, true)).isNull();
        assertThat(SupportedVersions.problem(null, null, false))
                .contains("pre-4 class layout");
    }

    @Test
    void conditionFailsStartUpOnAnUnsupportedVersionUnlessRoutingIsDisabled() {
        SupportedVersionsCondition old = new SupportedVersionsCondition(
                () -> SupportedVersions.problem("3.5.7", "6.2.12", false));
        assertThatThrownBy(() -> old.matches(context(new MockEnvironment()), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("found Spring Boot 3.5.7");
        assertThat(old.matches(context(new MockEnvironment()
                .withProperty("cqrs.routing.enabled", "false")), null)).isFalse();
    }

    @Test
    void theAutoConfigurationCarriesTheCheck() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CqrsRoutingAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(CqrsRoutingProperties.class));
        assertThat(CqrsRoutingAutoConfiguration.class.getAnnotation(
                org.springframework.context.annotation.Conditional.class).value())
                .contains(SupportedVersionsCondition.class);
    }

    private static ConditionContext context(MockEnvironment environment) {
        return new ConditionContext() {
            @Override
            public org.springframework.beans.factory.support.BeanDefinitionRegistry getRegistry() {
                return null;
            }

            @Override
            public org.springframework.beans.factory.config.ConfigurableListableBeanFactory
                    getBeanFactory() {
                return null;
            }

            @Override
            public org.springframework.core.env.Environment getEnvironment() {
                return environment;
            }

            @Override
            public org.springframework.core.io.ResourceLoader getResourceLoader() {
                return null;
            }

            @Override
            public ClassLoader getClassLoader() {
                return getClass().getClassLoader();
            }
        };
    }
}
