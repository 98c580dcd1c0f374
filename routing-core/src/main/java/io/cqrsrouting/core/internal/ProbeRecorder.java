package io.cqrsrouting.core.internal;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.dialect.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * What the monitor makes of one probe's answer: the primary's positions go into the history, a
 * replica's lag is measured against it, and the endpoint's new state is recorded, logged and
 * reported when it changed. Called on the endpoint's probe thread.
 */
final class ProbeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointMonitor.class);

    private final String cluster;
    private final PositionHistory history;
    private final Predicate<Endpoint> writer;
    private final MonitorEvents events;

    ProbeRecorder(String cluster, PositionHistory history, Predicate<Endpoint> writer,
            MonitorEvents events) {
        this.cluster = cluster;
        this.history = history;
        this.writer = writer;
        this.events = events;
    }

    /** @return the history's generation, read before a probe starts */
    long generation() {
        return history.generation();
    }

    /**
     * @param endpoint the probed endpoint
     * @param state what the probe found
     * @param startedNanos when the probe started
     * @param generation {@link #generation()} before the probe started
     * @param dueMillis how long until the endpoint's next probe counts as late
     */
    void apply(Endpoint endpoint, NodeState state, long startedNanos, long generation,
            long dueMillis) {
        if (endpoint.positionsUnavailable(state.positionsUnavailable())) {
            LOG.warn("cqrs-routing [{}]: endpoint {}: {}", cluster, endpoint.name(),
                    state.positionsUnavailable());
            events.positionsUnavailable(endpoint, state.positionsUnavailable());
        }
        long now = System.currentTimeMillis();
        long lag = -1;
        long replayed = -1;
        if (!state.replica()) {
            if (writer.test(endpoint)) {
                // Only the current primary's positions measure lag (a new one, or a new
                // timeline, restarts the history); read-only for a while, it is still the one.
                history.record(state.position(), state.timeline(), endpoint, startedNanos, now);
            }
            // A writable node is current by nature; a read-only one that does not replicate (a
            // demoted primary left up) is nobody's replica: its staleness is unknown.
            lag = state.writable() ? 0 : -1;
        } else if (state.receiving() && onCurrentTimeline(state.timeline())) {
            // Fresh only while it receives the current primary's timeline (or cannot tell).
            if (state.position() >= 0) {
                lag = lagOf(state.position(), state.timeline(), now);
            }
            if (lag < 0) {
                lag = state.lagMillis();
            }
            replayed = state.position();
        }
        NodeRole role = state.writable() ? NodeRole.WRITABLE : NodeRole.READ_ONLY;
        NodeRole before = endpoint.role();
        boolean wasReachable = endpoint.reachable();
        // Due after one interval, plus one interval of grace for the probe's own duration and
        // scheduling: lateness beyond that ages the measured lag (a slow or stalled node).
        endpoint.nextProbeDue(now + dueMillis);
        boolean changed = endpoint.update(role, state.replica(), lag, replayed);
        if (state.replica() && history.generation() != generation) {
            endpoint.forgetPosition(); // measured against a primary that was replaced meanwhile
        }
        if (changed) {
            logChange(endpoint, before, wasReachable, role);
            events.stateChanged(endpoint, wasReachable, before, null);
        }
    }

    private void logChange(Endpoint endpoint, NodeRole before, boolean wasReachable,
            NodeRole now) {
        if (!wasReachable) {
            LOG.info("cqrs-routing [{}]: endpoint {} is reachable again, {}", cluster,
                    endpoint.name(), now);
        } else if (before != NodeRole.UNKNOWN) {
            LOG.warn("cqrs-routing [{}]: endpoint {} changed role {} -> {}", cluster,
                    endpoint.name(), before, now);
        } else {
            LOG.info("cqrs-routing [{}]: endpoint {} is {}", cluster, endpoint.name(), now);
        }
    }

    boolean onCurrentTimeline(long timeline) {
        return timeline == NodeState.UNKNOWN_TIMELINE || timeline == history.timeline();
    }

    long lagOf(long replayed, long timeline, long now) {
        return history.lagOf(replayed,
                timeline == NodeState.UNKNOWN_TIMELINE ? history.timeline() : timeline, now);
    }
}
