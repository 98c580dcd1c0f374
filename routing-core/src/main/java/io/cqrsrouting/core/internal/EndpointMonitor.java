package io.cqrsrouting.core.internal;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.dialect.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Probes every endpoint of one router on its own daemon thread, at a fixed interval, over its own
 * connection with a short network timeout (a frozen node stalls only its own probe, and only that
 * long). Records role, reachability, replayed position and lag in the {@link Endpoint}s; the
 * per-call path reads them without locks.
 */
public final class EndpointMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointMonitor.class);

    private final String cluster;
    private final Endpoint[] endpoints;
    private final ProbeSource[] sources;
    private final ProbeSessions connections;
    private final Semaphore[] wake;
    private final ProbeCounter counter;
    private final Thread[] threads;
    private final long intervalMillis;
    private final int timeoutMillis;
    private final MonitorEvents events;
    private final ProbeRecorder recorder;
    private final PositionHistory history = new PositionHistory(1024);
    private final long urgentIntervalMillis;
    private final long minGapNanos;
    private volatile Dialect dialect;
    private volatile boolean running = true;
    private volatile boolean urgent;

    /**
     * @param cluster the router's name, for thread names and logs
     * @param endpoints the endpoints; index 0 is the primary
     * @param sources how to open a probe connection to each endpoint
     * @param dialect the dialect, or null to detect it from the first connection
     * @param intervalMillis time between probes of one endpoint
     * @param timeoutMillis network timeout of a probe
     * @param events receives state changes
     * @param writer tells whether an endpoint is the one taking writes now: only its positions
     *     measure the others' lag
     */
    public EndpointMonitor(String cluster, Endpoint[] endpoints, ProbeSource[] sources,
            Dialect dialect, long intervalMillis, int timeoutMillis, MonitorEvents events,
            Predicate<Endpoint> writer) {
        this.recorder = new ProbeRecorder(cluster, history, writer, events);
        this.cluster = cluster;
        this.endpoints = endpoints.clone();
        this.sources = sources.clone();
        this.connections = new ProbeSessions(this.sources, timeoutMillis);
        this.dialect = dialect;
        this.intervalMillis = intervalMillis;
        this.urgentIntervalMillis = urgentInterval(intervalMillis);
        this.minGapNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(MIN_GAP_MILLIS, intervalMillis));
        this.timeoutMillis = timeoutMillis;
        this.events = events;
        this.wake = new Semaphore[endpoints.length];
        this.counter = new ProbeCounter(endpoints.length);
        this.threads = new Thread[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            wake[i] = new Semaphore(0);
        }
    }

    /**
     * The shortest time between the starts of two probes of one endpoint when probes are asked
     * for ({@link #probeSoon}, {@link #probeAllSoon}): however many threads fail at once, each
     * endpoint gets at most one probe per this many milliseconds, on its own thread.
     */
    public static final long MIN_GAP_MILLIS = 5;

    /**
     * The probe interval while writes are unavailable: a tenth of the normal one, at least 10 ms
     * and at most the normal one. Commands fail fast in that window, so how soon a promoted or
     * writable-again node is seen is how long writes stay down; probing a handful of nodes every
     * few tens of milliseconds for the few seconds a failover lasts costs next to nothing.
     *
     * @param intervalMillis the normal interval
     * @return the interval used while writes are unavailable
     */
    public static long urgentInterval(long intervalMillis) {
        return Math.min(intervalMillis, Math.max(10, intervalMillis / 10));
    }

    /**
     * Switches to the short {@linkplain #urgentInterval(long) interval} while writes are
     * unavailable, and back.
     *
     * @param on whether writes are unavailable
     */
    public void urgent(boolean on) {
        if (urgent == on) {
            return;
        }
        urgent = on;
        if (on) {
            for (Semaphore w : wake) {
                w.release();
            }
        }
    }

    /** @return whether probes run at the short interval (writes are unavailable) */
    public boolean urgent() {
        return urgent;
    }

    /** Starts one daemon probe thread per endpoint. */
    public void start() {
        for (int i = 0; i < endpoints.length; i++) {
            int index = i;
            Thread t = new Thread(() -> loop(index), "cqrs-routing-monitor-" + endpoints[i].name());
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    /** @return the dialect in use, detected from the first connection if it was not configured */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the last log position seen on the primary, or -1 */
    public long primaryPosition() {
        return history.lastPosition();
    }

    /**
     * @param sinceNanos a {@link System#nanoTime()} taken after a commit returned
     * @return a primary position that covers that commit, read by a probe that started after it,
     *     or -1 if no probe has started since
     */
    public long primaryPositionSince(long sinceNanos) {
        return history.positionSince(sinceNanos);
    }

    /**
     * Another endpoint takes writes now: positions measured against the old one are void. The
     * history restarts and every other endpoint counts as not fresh until its next probe, which
     * is asked for at once.
     *
     * @param newWriter the endpoint that takes writes now
     */
    public void writerChanged(Endpoint newWriter) {
        history.restart();
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i] != newWriter) {
                endpoints[i].forgetPosition();
            }
            wake[i].release();
        }
    }

    /**
     * @param replayed a replica's replayed position, read on a serving connection
     * @param timeline the timeline that connection's node reported
     * @return its lag in milliseconds against the primary's position history, or -1 if unknown
     *     (also when the node is on another timeline than the current primary)
     */
    public long lagOf(long replayed, long timeline) {
        return recorder.lagOf(replayed, timeline, System.currentTimeMillis());
    }

    /**
     * @param timeline a replica's timeline
     * @return whether its positions compare with the current primary's: the same timeline, or
     *     a replica that cannot tell ({@link NodeState#UNKNOWN_TIMELINE}: compared as before
     *     timelines existed)
     */
    public boolean onCurrentTimeline(long timeline) {
        return recorder.onCurrentTimeline(timeline);
    }

    /**
     * Asks for an immediate probe of {@code endpoint} (after a failure).
     *
     * @param endpoint the endpoint
     */
    public void probeSoon(Endpoint endpoint) {
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i] == endpoint) {
                wake(i);
            }
        }
    }

    /**
     * Asks for an immediate probe of every endpoint (a command was refused in cluster mode: any
     * node may have become the writer). Rate-limited like {@link #probeSoon}; allocation-free.
     */
    public void probeAllSoon() {
        for (int i = 0; i < endpoints.length; i++) {
            wake(i);
        }
    }

    /**
     * Wakes one probe thread. A storm of callers adds at most one permit (the thread drains them),
     * and the thread keeps {@link #MIN_GAP_MILLIS} between probe starts.
     */
    private void wake(int index) {
        if (wake[index].availablePermits() == 0) {
            wake[index].release();
        }
    }

    /**
     * Waits until every endpoint has been probed at least {@code rounds} more times.
     *
     * @param rounds how many fresh probes to wait for
     * @param timeoutMillis the longest wait
     * @return whether the probes happened in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitProbes(int rounds, long timeoutMillis) throws InterruptedException {
        long[] start = counter.snapshot();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Semaphore w : wake) {
            w.release();
        }
        return counter.awaitRounds(start, rounds, deadline);
    }

    /** @return how many probes have completed so far, all endpoints together */
    public long probeCount() {
        return counter.total();
    }

    /**
     * Waits until some probe completes after the count {@code seen} was read, or the time is up.
     * Holds no connection: the read-your-writes wait watches the monitor instead of polling a
     * replica itself, so a frozen replica cannot stall it past its bound.
     *
     * @param seen a value of {@link #probeCount()}
     * @param timeoutNanos the longest wait
     * @throws InterruptedException if interrupted
     */
    public void awaitProbeAfter(long seen, long timeoutNanos) throws InterruptedException {
        counter.awaitAfter(seen, timeoutNanos);
    }

    private void loop(int index) {
        Connection connection = null;
        while (running) {
            long startedNanos = System.nanoTime();
            try {
                if (connection == null) {
                    connection = open(index);
                }
                probe(index, connection);
                if (sources[index].borrowed()) {
                    // Never keep a slot of the application's pool between probes.
                    release(index, connection);
                    connection = null;
                } else if (endpoints[index].declaredPrimary()
                        && endpoints[index].role() != NodeRole.WRITABLE) {
                    // Behind a listener or DNS name the primary may have moved: a fresh connection
                    // sees the new target, the old one would keep reporting the demoted node.
                    release(index, connection);
                    connection = null;
                }
            } catch (SQLException | RuntimeException e) {
                release(index, connection);
                connection = null;
                NodeRole before = endpoints[index].role();
                if (running && endpoints[index].markUnreachable()) {
                    LOG.warn("cqrs-routing [{}]: endpoint {} is unreachable: {}", cluster,
                            endpoints[index].name(), Urls.mask(String.valueOf(e.getMessage())));
                    events.stateChanged(endpoints[index], true, before, e);
                }
            }
            counter.probed(index);
            events.probed();
            try {
                long pause = urgent ? urgentIntervalMillis : intervalMillis;
                if (wake[index].tryAcquire(pause, TimeUnit.MILLISECONDS)) {
                    // Asked for sooner: at once, but never more often than once per minimum gap,
                    // however many threads ask (their later requests join this probe).
                    long early = minGapNanos - (System.nanoTime() - startedNanos);
                    if (early > 0) {
                        TimeUnit.NANOSECONDS.sleep(early);
                    }
                    wake[index].drainPermits();
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        release(index, connection);
    }

    private void release(int index, Connection c) {
        connections.release(index, c);
    }

    private Connection open(int index) throws SQLException {
        Connection c = connections.open(index);
        if (dialect == null) {
            try {
                dialect = Dialects.forConnection(c);
            } catch (SQLException | RuntimeException e) {
                release(index, c);
                throw e;
            }
        }
        return c;
    }

    private void probe(int index, Connection connection) throws SQLException {
        Dialect d = dialect;
        Endpoint endpoint = endpoints[index];
        if (d == null) {
            // Unknown database: all we can tell is that it answers.
            endpoint.update(NodeRole.UNKNOWN, -1, -1);
            return;
        }
        long startedNanos = System.nanoTime();
        long generation = recorder.generation();
        NodeState state = d.probe(connection);
        recorder.apply(endpoint, state, startedNanos, generation,
                2 * (urgent ? urgentIntervalMillis : intervalMillis));
    }

    @Override
    public void close() {
        running = false;
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] != null) {
                wake[i].release();
                threads[i].interrupt();
            }
        }
    }
}
