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
 * Matches when any {@code cqrs.routing.primary.*}, {@code cqrs.routing.replicas[n].*} or
 * {@code cqrs.routing.nodes[n].*} property is set, in any form Spring Boot binds (properties, YAML, environment variables).
 */
final class OnRoutingEndpointsCondition extends SpringBootCondition {

    private static final ConfigurationPropertyName PRIMARY =
            ConfigurationPropertyName.of("cqrs.routing.primary");
    private static final ConfigurationPropertyName REPLICAS =
            ConfigurationPropertyName.of("cqrs.routing.replicas");
    private static final ConfigurationPropertyName NODES =
            ConfigurationPropertyName.of("cqrs.routing.nodes");

    private static final String ITEMS =
            "cqrs.routing.primary.*, cqrs.routing.replicas[n].* or cqrs.routing.nodes[n].*";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
            AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("cqrs-routing endpoints");
        for (ConfigurationPropertySource source
                : ConfigurationPropertySources.get(context.getEnvironment())) {
            if (source.containsDescendantOf(PRIMARY) == ConfigurationPropertyState.PRESENT
                    || source.containsDescendantOf(REPLICAS) == ConfigurationPropertyState.PRESENT
                    || source.containsDescendantOf(NODES) == ConfigurationPropertyState.PRESENT) {
                return ConditionOutcome.match(message.found("property").items(ITEMS));
            }
        }
        return ConditionOutcome.noMatch(message.didNotFind("property").items(ITEMS));
    }
}
