package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.core.internal.SessionState;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.Dialects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-your-writes positions of one router: resolving a session's write to a primary position
 * (lazily, only when a read or an export needs it), and exporting and importing them as signed
 * {@link ConsistencyToken}s.
 */
final class Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);
    // Tokens may run ahead of the monitor's last look at the primary by recent commits.
    private static final long FUTURE_SLACK = 64L * 1024 * 1024;

    private final RouterSettings settings;
    private final String cluster;
    private final ClusterState state;
    private final ConsistencyToken codec;
    private final SessionState.Resolver resolver = this::positionSince; // allocated once
    // Rate limits of the fresh primary probes a token ahead of the last one may ask for, and of
    // the warning about such tokens.
    private final AtomicLong lastAheadCheckNanos =
            new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final AtomicLong lastAheadWarnNanos =
            new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    Tokens(RouterSettings settings, ClusterState state) {
        this.settings = settings;
        this.cluster = settings.clusterName();
        this.state = state;
        this.codec = new ConsistencyToken(cluster, settings.tokenSigningKey(),
                settings.acceptedTokenKeys());
    }

    /**
     * The caller's read-your-writes position: -1 if it wrote nothing, {@link
     * SessionState#UNRESOLVED} if it wrote and no covering position can be had now.
     */
    long position(SessionState session) {
        return session == null ? -1 : session.resolve(cluster, resolver);
    }

    // No round trip here: the position is resolved only if a read or an export needs it.
    void wrote(SessionState session) {
        session.wrote(cluster, System.nanoTime());
    }

    String export(SessionState session) {
        long position = position(session);
        if (position == -1) {
            return null;
        }
        return codec.encode(position == SessionState.UNRESOLVED ? ConsistencyToken.UNRESOLVED
                : position);
    }

    boolean importInto(SessionState session, String token) {
        long position = decode(token);
        if (position < 0) {
            return false;
        }
        if (position == ConsistencyToken.UNRESOLVED) {
            // The exporter could not resolve its write: any position read from now on covers it.
            session.wrote(cluster, System.nanoTime());
        } else {
            session.advance(cluster, position);
        }
        return true;
    }

    long decode(String token) {
        long position = codec.decode(token);
        if (position < 0 && token != null) {
            LOG.debug("cqrs-routing [{}]: ignored an invalid consistency token", cluster);
            return -1;
        }
        if (position == ConsistencyToken.UNRESOLVED) {
            return position; // harmless even if forged: it only sends the forger's reads to the primary
        }
        // A position beyond anything the primary has written is from another cluster (one that
        // shares the key and name): but the monitor's last look may be old (bulk load, slow
        // interval, failing probes), so ask the primary once before saying so (rate-limited).
        EndpointMonitor m = state.monitor();
        long primaryAt = m == null ? -1 : m.primaryPosition();
        if (primaryAt >= 0 && position > primaryAt + FUTURE_SLACK) {
            long now = System.nanoTime();
            long last = lastAheadCheckNanos.get();
            if (now - last >= settings.monitorInterval().toNanos()
                    && lastAheadCheckNanos.compareAndSet(last, now)) {
                long fresh = freshPrimaryPosition(m, now, false);
                primaryAt = fresh >= 0 ? fresh : primaryAt;
            } else {
                primaryAt = m.primaryPosition();
            }
            if (primaryAt >= 0 && position > primaryAt + FUTURE_SLACK) {
                long lastWarn = lastAheadWarnNanos.get();
                if (now - lastWarn >= 60_000_000_000L
                        && lastAheadWarnNanos.compareAndSet(lastWarn, now)) {
                    LOG.warn("cqrs-routing [{}]: ignored a validly signed consistency token ahead"
                            + " of the primary's position (another cluster with the same name"
                            + " and key?); its reads lose read-your-writes (logged once a"
                            + " minute)", cluster);
                }
                return -1;
            }
        }
        return position;
    }

    /**
     * A primary position covering every commit completed by {@code sinceNanos}: the first monitor
     * probe that started later, else one round trip to the primary.
     */
    private long positionSince(long sinceNanos) {
        EndpointMonitor m = state.monitor();
        if (m != null) {
            return freshPrimaryPosition(m, sinceNanos, true);
        }
        try (Connection c = state.writer().dataSource().getConnection()) {
            // Bounded like a probe, whatever the pool's socket timeout.
            c.setNetworkTimeout(Runnable::run, (int) settings.probeTimeout().toMillis());
            Dialect d = state.dialect();
            if (d == null) {
                d = Dialects.forConnection(c);
                state.dialect(d);
            }
            return d == null ? -1 : d.commitPosition(c);
        } catch (SQLException e) {
            // Unresolved: read-your-writes reads go to the primary; safe, just not offloaded.
            LOG.debug("cqrs-routing: could not read the primary's position", e);
            return -1;
        }
    }

    /**
     * Asks the monitor for a probe of the primary that starts after {@code sinceNanos}, and waits
     * for it no longer than a probe may take: a frozen primary cannot hold the caller longer.
     *
     * @param smallest whether to return the smallest position read after {@code sinceNanos}
     *     (covers a commit), else the latest
     * @return the position, or -1 if none could be had in time
     */
    private long freshPrimaryPosition(EndpointMonitor m, long sinceNanos, boolean smallest) {
        long deadline = System.nanoTime() + settings.probeTimeout().toNanos();
        long p = m.primaryPositionSince(sinceNanos);
        while (p < 0 && state.writer().reachable() && System.nanoTime() - deadline < 0) {
            long seen = m.probeCount();
            m.probeSoon(state.writer());
            try {
                m.awaitProbeAfter(seen, deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            p = m.primaryPositionSince(sinceNanos);
        }
        return p < 0 || smallest ? p : m.primaryPosition();
    }
}
