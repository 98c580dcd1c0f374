package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The programmatic form of {@code @Command}, {@code @Query} and {@code @Consistent}, for code that
 * cannot be annotated (lambdas, scripts, framework callbacks). Framework adapters build on
 * {@link RoutingSpi} instead.
 *
 * <pre>{@code
 * Order order = Routing.command(() -> orders.place(cart));       // primary
 * List<Order> recent = Routing.query(() -> orders.recent(user));  // a replica
 * }</pre>
 *
 * <p>Scopes nest and are restored in {@code finally}: an exception never leaves a route behind.
 * Everything inside a primary scope stays on the primary. Context is per thread; use
 * {@link #wrap(Runnable)} (or the Spring {@code TaskDecorator}) to carry it to another thread.
 */
public final class Routing {

    private Routing() {
    }

    /**
     * A unit of work that returns a value and may throw a checked exception of one type. Lambdas
     * that throw nothing infer {@code E} as {@link RuntimeException}, so no {@code catch} is needed.
     *
     * @param <T> the result type
     * @param <E> the exception type
     */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /**
         * @return the result
         * @throws E on failure
         */
        T run() throws E;
    }

    /**
     * Runs {@code work} as a command, on the primary.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T command(Work<T, E> work) throws E {
        return call(RoutingIntent.command(), work);
    }

    /**
     * Runs {@code work} as a query: a replica may serve it.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T query(Work<T, E> work) throws E {
        return call(RoutingIntent.query(), work);
    }

    /**
     * Runs {@code work} as a query that tolerates at most {@code maxStalenessMillis} of lag.
     *
     * @param maxStalenessMillis the bound, {@code -1} for the router default
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T query(long maxStalenessMillis, Work<T, E> work)
            throws E {
        return call(RoutingIntent.query(maxStalenessMillis), work);
    }

    /**
     * Runs {@code work} as a consistent read on the primary.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T consistent(Work<T, E> work) throws E {
        return call(RoutingIntent.consistent(), work);
    }

    /**
     * Runs {@code work} as a consistent read of the given level.
     *
     * @param level {@link Consistent.Level#PRIMARY} or {@link Consistent.Level#READ_YOUR_WRITES}
     * @param waitMillis how long a read-your-writes read may wait for a replica to catch up
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T consistent(Consistent.Level level, long waitMillis,
            Work<T, E> work) throws E {
        return call(RoutingIntent.consistent(level, waitMillis), work);
    }

    /**
     * Runs {@code work} inside a scope of the given intent.
     *
     * @param intent the intent
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T call(RoutingIntent intent, Work<T, E> work) throws E {
        // One thread-local lookup for the scope: enter and exit use the same context.
        RoutingContext ctx = RoutingContext.current();
        int mark = ctx.push(Objects.requireNonNull(intent, "intent"), null);
        try {
            return work.run();
        } catch (RuntimeException e) {
            WritesUnavailableException translated = RoutingSpi.reportFailure(e, intent);
            throw translated != null ? translated : e;
        } catch (Exception e) {
            WritesUnavailableException translated = RoutingSpi.reportFailure(e, intent);
            if (translated != null) {
                throw translated;
            }
            throw e;
        } finally {
            ctx.pop(mark);
        }
    }

    /**
     * Runs {@code work} in a fresh read-your-writes session: tokens recorded by its commands are
     * visible to its {@code @Consistent(READ_YOUR_WRITES)} reads (also on threads it hands work to
     * through {@link #wrap(Runnable)}), and forgotten when it returns.
     *
     * @param work the work
     * @param <T> result type
     * @param <E> exception type
     * @return what {@code work} returns
     * @throws E what {@code work} throws
     */
    public static <T, E extends Exception> T session(Work<T, E> work) throws E {
        try (RoutingSession ignored = openSession()) {
            return work.run();
        }
    }

    /**
     * Opens a read-your-writes session on this thread (for filters and interceptors that span a
     * request). Close it on the same thread.
     *
     * @return the session
     */
    public static RoutingSession openSession() {
        return new RoutingSession(RoutingContext.current());
    }

    /**
     * @return the route the innermost scope asks for ({@link Route#PRIMARY} also for consistent
     *     reads that may be served by a caught-up replica), or {@code null} if no scope is open
     */
    public static Route currentRoute() {
        return Router.route(RoutingContext.current().decision());
    }

    /** @return the intent of the innermost scope, or {@code null} if no scope is open */
    public static RoutingIntent currentIntent() {
        return RoutingContext.current().intent();
    }

    /**
     * Returns a runnable that runs {@code task} with the caller's current scopes and session, on
     * whatever thread runs it, and restores that thread's own context afterwards.
     *
     * @param task the task
     * @return the wrapped task
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        RoutingContext.Snapshot snapshot = RoutingContext.current().snapshot();
        return () -> snapshot.run(() -> {
            task.run();
            return null;
        });
    }

    /**
     * The {@link Callable} form of {@link #wrap(Runnable)}.
     *
     * @param task the task
     * @param <T> result type
     * @return the wrapped task
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        RoutingContext.Snapshot snapshot = RoutingContext.current().snapshot();
        return () -> snapshot.run(task::call);
    }

    /**
     * Returns an executor that carries the submitting thread's context into every task.
     *
     * @param executor the executor to delegate to
     * @return the propagating executor
     */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }
}
