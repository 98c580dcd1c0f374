package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by a {@link RoutingConfigurationException} into Boot's short
 * "APPLICATION FAILED TO START" report naming the setting (or annotated method) and the fix.
 */
class RoutingConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<RoutingConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutingConfigurationException cause) {
        String setting = cause.setting();
        String action = setting != null && setting.startsWith(RoutingDataSourceFactory.PREFIX)
                ? "Correct the property '" + setting + "' in the application's configuration."
                : "Correct '" + setting + "': a method carries exactly one of @Command, @Query"
                        + " and @Consistent, with valid values.";
        return new FailureAnalysis("Invalid cqrs-routing configuration: " + cause.getMessage(),
                action, cause);
    }
}
