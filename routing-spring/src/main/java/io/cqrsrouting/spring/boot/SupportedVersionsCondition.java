package io.cqrsrouting.spring.boot;

import java.util.function.Supplier;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Evaluated first among the auto-configuration's conditions: on an unsupported Spring Boot or
 * Spring Framework it stops start-up with {@link SupportedVersions}' message (unless
 * {@code cqrs.routing.enabled=false}), so that the library never silently does nothing. Uses only
 * types that Boot 2.7 to 4 and Spring 5.3 to 7 all have.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class SupportedVersionsCondition implements Condition {

    private final Supplier<String> problem;

    SupportedVersionsCondition() {
        this(SupportedVersions::problem);
    }

    SupportedVersionsCondition(Supplier<String> problem) {
        this.problem = problem;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if ("false".equalsIgnoreCase(
                context.getEnvironment().getProperty("cqrs.routing.enabled", "true").trim())) {
            return false;
        }
        String wrong = problem.get();
        if (wrong != null) {
            throw new IllegalStateException(wrong);
        }
        return true;
    }
}
