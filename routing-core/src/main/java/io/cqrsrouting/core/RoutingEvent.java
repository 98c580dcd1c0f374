package io.cqrsrouting.core;

import io.cqrsrouting.core.retry.RetryEvents;
import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.failure.FailureKind;

/**
 * A state change seen by a router, delivered to {@link RoutingListener#onEvent}. Immutable; holds
 * no credentials (endpoints are named by their short name, causes are masked messages).
 *
 * <p>Java 17 code can dispatch on {@link #kind()}; newer code can pattern-match the records.
 */
public sealed interface RoutingEvent {

    /** The kinds of event, one per record type. */
    enum Kind {
        /** {@link EndpointDown}. */
        ENDPOINT_DOWN,
        /** {@link EndpointUp}. */
        ENDPOINT_UP,
        /** {@link RoleChanged}. */
        ROLE_CHANGED,
        /** {@link FailoverDetected}. */
        FAILOVER_DETECTED,
        /** {@link WritesUnavailableEntered}. */
        WRITES_UNAVAILABLE_ENTERED,
        /** {@link WritesUnavailableLeft}. */
        WRITES_UNAVAILABLE_LEFT,
        /** {@link ConnectionsEvicted}. */
        CONNECTIONS_EVICTED,
        /** {@link InFlightAborted}. */
        IN_FLIGHT_ABORTED,
        /** {@link Retried}. */
        RETRIED,
        /** {@link PositionsUnavailable}. */
        POSITIONS_UNAVAILABLE
    }

    /** @return the kind of event */
    Kind kind();

    /** @return the router's cluster name ({@code RoutingDataSource.name()}), or null if unknown */
    String cluster();

    /**
     * An endpoint stopped answering (a probe or a connection attempt failed).
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param previousRole the role it had before
     * @param cause the failure's message with secrets masked, or null
     */
    record EndpointDown(String cluster, String endpoint, NodeRole previousRole, String cause)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.ENDPOINT_DOWN;
        }
    }

    /**
     * An unreachable endpoint answers again.
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param role the role it reported
     */
    record EndpointUp(String cluster, String endpoint, NodeRole role) implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.ENDPOINT_UP;
        }
    }

    /**
     * A reachable endpoint reported another role: first seen ({@code from} is
     * {@link NodeRole#UNKNOWN}), a standby promoted, a primary set read-only or writable again.
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param from the role before
     * @param to the role now
     */
    record RoleChanged(String cluster, String endpoint, NodeRole from, NodeRole to)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.ROLE_CHANGED;
        }
    }

    /**
     * Cluster mode: another node took over writes.
     *
     * @param cluster the router's cluster name
     * @param newPrimary the node now taking writes
     * @param oldPrimary the node that took them before
     */
    record FailoverDetected(String cluster, String newPrimary, String oldPrimary)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.FAILOVER_DETECTED;
        }
    }

    /**
     * The primary became unreachable or read-only: commands now fail fast, reads keep working.
     *
     * @param cluster the router's cluster name
     * @param primary the endpoint that should take writes
     * @param reason {@code unreachable} or {@code read-only}
     */
    record WritesUnavailableEntered(String cluster, String primary, String reason)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.WRITES_UNAVAILABLE_ENTERED;
        }
    }

    /**
     * A writable primary is reachable again; commands run again.
     *
     * @param cluster the router's cluster name
     * @param primary the endpoint taking writes now
     * @param durationMillis how long writes were unavailable
     */
    record WritesUnavailableLeft(String cluster, String primary, long durationMillis)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.WRITES_UNAVAILABLE_LEFT;
        }
    }

    /**
     * An endpoint's idle pooled connections were closed and busy ones retired (they may lead to a
     * dead or demoted node).
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param reason why, for example {@code unreachable}, {@code role changed}, {@code connection lost}
     */
    record ConnectionsEvicted(String cluster, String endpoint, String reason)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.CONNECTIONS_EVICTED;
        }
    }

    /**
     * Connections in use on an endpoint found unreachable were aborted, so their threads fail
     * instead of waiting on a dead node.
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param connections how many were aborted
     */
    record InFlightAborted(String cluster, String endpoint, int connections)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.IN_FLIGHT_ABORTED;
        }
    }

    /**
     * A failed unit of work will be retried (see {@link RetryEvents}).
     *
     * @param cluster the cluster name given to the adapter, or null
     * @param attempt the number of the attempt that failed, from 1
     * @param failure how the failure was classified
     * @param delayMillis the wait before the next attempt
     */
    record Retried(String cluster, int attempt, FailureKind failure, long delayMillis)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.RETRIED;
        }
    }

    /**
     * An endpoint answers, but its log positions cannot be read, typically because the login lacks
     * a permission (SQL Server: {@code VIEW DATABASE STATE} on Azure SQL, {@code VIEW SERVER
     * STATE} on SQL Server). Its lag is unknown: bounded-staleness and read-your-writes reads go
     * to the primary instead. Sent when the reason first appears or changes.
     *
     * @param cluster the router's cluster name
     * @param endpoint the endpoint's short name
     * @param reason what is missing, naming the {@code GRANT} that fixes it
     */
    record PositionsUnavailable(String cluster, String endpoint, String reason)
            implements RoutingEvent {
        @Override
        public Kind kind() {
            return Kind.POSITIONS_UNAVAILABLE;
        }
    }
}
