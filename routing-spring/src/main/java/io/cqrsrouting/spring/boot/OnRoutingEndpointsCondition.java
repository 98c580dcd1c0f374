package io.cqrsrouting.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when any {@code cqrs.routing.primary.*} or {@code cqrs.routing.replicas[n].*} property is
 * set, in any form Spring Boot binds (properties, YAML, environment variables).
 */
final class OnRoutingEndpointsCondition extends SpringBootCondition {

    private static final ConfigurationPropertyName PRIMARY =
            ConfigurationPropertyName.of("cqrs.routing.primary");
    private static final ConfigurationPropertyName REPLICAS =
            ConfigurationPropertyName.of("cqrs.routing.replicas");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
            AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("cqrs-routing endpoints");
        for (ConfigurationPropertySource source
                : ConfigurationPropertySources.get(context.getEnvironment())) {
            if (source.containsDescendantOf(PRIMARY) == ConfigurationPropertyState.PRESENT
                    || source.containsDescendantOf(REPLICAS) == ConfigurationPropertyState.PRESENT) {
                return ConditionOutcome.match(message.found("property")
                        .items("cqrs.routing.primary.* or cqrs.routing.replicas[n].*"));
            }
        }
        return ConditionOutcome.noMatch(message.didNotFind("property")
                .items("cqrs.routing.primary.* or cqrs.routing.replicas[n].*"));
    }
}
