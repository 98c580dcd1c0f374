package io.cqrsrouting.shard.internal;

import io.cqrsrouting.core.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per shard on a bounded pool, with one deadline for all. Tasks carry the caller's
 * routing scope; with none open they run as queries (replicas).
 */
public final class FanOutRunner implements AutoCloseable {

    /** The outcome of one shard's task: its rows, or why it has none. */
    public record Outcome<T>(List<T> rows, Throwable failure) {
    }

    private final ExecutorService pool;
    private final long timeoutNanos;

    public FanOutRunner(String name, int threads, long timeoutMillis) {
        AtomicInteger seq = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "cqrs-shard-fanout-" + name + "-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Runs every task, waiting at most the timeout in all; one outcome per task, in order. */
    public <T> List<Outcome<T>> run(List<Callable<List<T>>> tasks) throws InterruptedException {
        boolean scoped = Routing.currentIntent() != null;
        List<Future<List<T>>> futures = new ArrayList<>(tasks.size());
        for (Callable<List<T>> task : tasks) {
            Callable<List<T>> routed = scoped ? Routing.wrap(task) : () -> Routing.query(task::call);
            futures.add(pool.submit(routed));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        List<Outcome<T>> out = new ArrayList<>(tasks.size());
        for (Future<List<T>> f : futures) {
            try {
                out.add(new Outcome<>(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null));
            } catch (ExecutionException e) {
                out.add(new Outcome<>(null, e.getCause()));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome<>(null, new TimeoutException("no answer within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")));
            }
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
