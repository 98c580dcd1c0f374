package io.cqrsrouting.spring;

import io.cqrsrouting.core.Routing;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's routing context (open scopes and read-your-writes state) into
 * tasks run by a Spring executor, so an {@code @Async} method called inside a {@code @Query} reads
 * from a replica, and one called inside a {@code @Command} stays on the primary. The pooled thread
 * gets its own context back when the task ends: nothing leaks to the next task.
 *
 * <pre>{@code
 * ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
 * executor.setTaskDecorator(new RoutingTaskDecorator());
 * }</pre>
 *
 * <p>Spring Boot registers one as a bean; Boot's task executor picks it up (composed with any
 * other {@code TaskDecorator} beans).
 */
public class RoutingTaskDecorator implements TaskDecorator {

    @Override
    public Runnable decorate(Runnable runnable) {
        return Routing.wrap(runnable);
    }
}
