package io.cqrsrouting.shard.internal;

import io.cqrsrouting.core.Routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Runs one task per shard on a bounded pool. Each shard has its own deadline, counted from when
 * its task starts (a thread is free), and all of them one overall deadline; a shard past either is
 * reported as timed out without waiting for it, and its connection is aborted so that its thread
 * comes back. Tasks carry the caller's routing scope; with none open they run as queries
 * (replicas).
 */
public final class FanOutRunner implements AutoCloseable {

    /** What one shard runs on a connection of its own. */
    public interface Work<T> {
        List<T> run(Connection c) throws SQLException;
    }

    /** The outcome of one shard's task: its rows, or why it has none. */
    public record Outcome<T>(List<T> rows, Throwable failure) {

        /** @return whether the shard did not answer within its deadline */
        public boolean timedOut() {
            return failure instanceof TimeoutException;
        }
    }

    private final ExecutorService pool;
    private final long timeoutNanos;
    private final long shardTimeoutNanos;

    public FanOutRunner(String name, int threads, long timeoutMillis, long shardTimeoutMillis) {
        AtomicInteger seq = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "cqrs-shard-fanout-" + name + "-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.shardTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(shardTimeoutMillis);
    }

    /** One shard's running task: when it started, and the connection it holds. */
    private static final class Task<T> implements Callable<List<T>> {
        final DataSource source;
        final Work<T> work;
        final LinkedBlockingQueue<Object> signals;
        volatile long startedAt;
        volatile Connection connection;
        volatile Future<List<T>> future;

        Task(DataSource source, Work<T> work, LinkedBlockingQueue<Object> signals) {
            this.source = source;
            this.work = work;
            this.signals = signals;
        }

        @Override
        public List<T> call() throws SQLException {
            startedAt = System.nanoTime();
            signals.offer(this);
            try (Connection c = source.getConnection()) {
                connection = c;
                return work.run(c);
            } finally {
                connection = null;
            }
        }

        void abandon() {
            future.cancel(true);
            Connection c = connection;
            if (c != null) {
                try {
                    c.abort(Runnable::run); // unblocks a thread stuck reading from a frozen server
                } catch (SQLException | RuntimeException ignored) {
                    // the connection is being given up either way
                }
            }
        }
    }

    /**
     * Runs {@code work} once per source in parallel.
     *
     * @return one outcome per source, in order
     */
    public <T> List<Outcome<T>> run(List<? extends DataSource> sources, Work<T> work) throws InterruptedException {
        boolean scoped = Routing.currentIntent() != null;
        LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        List<Task<T>> tasks = new ArrayList<>(sources.size());
        long start = System.nanoTime();
        for (DataSource source : sources) {
            Task<T> task = new Task<>(source, work, signals);
            Callable<List<T>> routed = scoped ? Routing.wrap(task) : () -> Routing.query(task::call);
            tasks.add(task);
            FutureTask<List<T>> future = new FutureTask<>(routed) {
                @Override
                protected void done() {
                    signals.offer(this); // wakes the collector once the outcome is readable
                }
            };
            task.future = future;
            pool.execute(future);
        }
        long deadline = start + timeoutNanos;
        List<Outcome<T>> out = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            out.add(null);
        }
        int pending = tasks.size();
        while (pending > 0) {
            long now = System.nanoTime();
            long wake = deadline;
            for (int i = 0; i < tasks.size(); i++) {
                if (out.get(i) != null) {
                    continue;
                }
                Task<T> t = tasks.get(i);
                long started = t.startedAt;
                long due = started == 0 ? deadline : Math.min(deadline, started + shardTimeoutNanos);
                if (t.future.isDone()) {
                    out.set(i, outcome(t.future));
                    pending--;
                } else if (now - due >= 0) {
                    t.abandon();
                    long limit = due == deadline ? timeoutNanos : shardTimeoutNanos;
                    out.set(i, new Outcome<>(null, new TimeoutException("no answer within "
                            + TimeUnit.NANOSECONDS.toMillis(limit) + " ms"
                            + (due == deadline ? " (fan-out deadline)" : " (per-shard deadline)"))));
                    pending--;
                } else if (due - wake < 0) {
                    wake = due;
                }
            }
            if (pending > 0) {
                signals.poll(Math.max(1, wake - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        return out;
    }

    private static <T> Outcome<T> outcome(Future<List<T>> f) throws InterruptedException {
        try {
            return new Outcome<>(f.get(), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            return new Outcome<>(null, e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
