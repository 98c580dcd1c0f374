package io.cqrsrouting.core;

import io.cqrsrouting.core.RoutingListener;
import io.cqrsrouting.core.RoutingEvent;
import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RoutingIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * An immutable, ordered group of {@link RoutingListener}s that is itself a listener: each call
 * reaches every member in registration order, and a member that throws is logged and skipped
 * (never the caller's problem). Adding or removing returns a new group, so a router can swap its
 * group in one volatile write while calls are running.
 */
final class RoutingListeners implements RoutingListener {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingListeners.class);

    private final RoutingListener[] members;
    // Per-call failures are logged once per group: a broken listener must not flood the log.
    private volatile boolean perCallFailureLogged;

    private RoutingListeners(RoutingListener[] members) {
        this.members = members;
    }

    /**
     * @param listeners the members, in order; null elements are not allowed
     * @return the group, or {@code null} if {@code listeners} is empty
     */
    public static RoutingListeners of(Collection<? extends RoutingListener> listeners) {
        if (listeners.isEmpty()) {
            return null;
        }
        RoutingListener[] array = listeners.toArray(new RoutingListener[0]);
        for (RoutingListener l : array) {
            Objects.requireNonNull(l, "listener");
        }
        return new RoutingListeners(array);
    }

    /**
     * @param group a group, or null for none
     * @param listener the listener to add
     * @return a new group with {@code listener} last
     */
    public static RoutingListeners with(RoutingListeners group, RoutingListener listener) {
        Objects.requireNonNull(listener, "listener");
        RoutingListener[] old = group == null ? new RoutingListener[0] : group.members;
        RoutingListener[] array = Arrays.copyOf(old, old.length + 1);
        array[old.length] = listener;
        return new RoutingListeners(array);
    }

    /**
     * @param group a group, or null
     * @param listener the listener to remove (compared by identity)
     * @return a new group without it, {@code null} if none is left
     */
    public static RoutingListeners without(RoutingListeners group, RoutingListener listener) {
        if (group == null) {
            return null;
        }
        RoutingListener[] array = Arrays.stream(group.members).filter(l -> l != listener)
                .toArray(RoutingListener[]::new);
        return array.length == 0 ? null : new RoutingListeners(array);
    }

    /** @return how many listeners the group holds */
    public int size() {
        return members.length;
    }

    @Override
    public void onEvent(RoutingEvent event) {
        for (RoutingListener l : members) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("cqrs-routing: listener {} failed on {}", l.getClass().getName(),
                        event.kind(), e);
            }
        }
    }

    @Override
    public void routed(RoutingIntent intent, Route route, String endpoint) {
        for (RoutingListener l : members) {
            try {
                l.routed(intent, route, endpoint);
            } catch (RuntimeException e) {
                perCallFailed(l, e);
            }
        }
    }

    @Override
    public void fallback(RoutingIntent intent, FallbackReason reason) {
        for (RoutingListener l : members) {
            try {
                l.fallback(intent, reason);
            } catch (RuntimeException e) {
                perCallFailed(l, e);
            }
        }
    }

    private void perCallFailed(RoutingListener l, RuntimeException e) {
        if (!perCallFailureLogged) {
            perCallFailureLogged = true;
            LOG.warn("cqrs-routing: listener {} failed on a routed call (logged once)",
                    l.getClass().getName(), e);
        }
    }

    @Override
    public String toString() {
        return "RoutingListeners" + Arrays.toString(members);
    }
}
