package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;

import java.util.Objects;

/**
 * What a scope asks for: the resolved, immutable form of {@link Command}, {@link Query} or
 * {@link Consistent}. Resolve it once per method (see {@link IntentResolver}) and reuse it on every
 * call; entering a scope with it allocates nothing.
 */
public final class RoutingIntent {

    /** The three kinds of intent. */
    public enum Kind {
        /** A write: runs on the primary. */
        COMMAND,
        /** A read that a replica may serve. */
        QUERY,
        /** A read that must see the latest writes (primary, or a replica proven caught up). */
        CONSISTENT
    }

    private static final RoutingIntent COMMAND = new RoutingIntent(Kind.COMMAND, false, -1,
            Consistent.Level.PRIMARY, 0, "Routing.command");
    private static final RoutingIntent QUERY = new RoutingIntent(Kind.QUERY, false, -1,
            Consistent.Level.PRIMARY, 0, "Routing.query");
    private static final RoutingIntent CONSISTENT = new RoutingIntent(Kind.CONSISTENT, false, -1,
            Consistent.Level.PRIMARY, 0, "Routing.consistent");

    private final Kind kind;
    private final boolean idempotent;
    private final long maxStalenessMillis;
    private final Consistent.Level level;
    private final long waitMillis;
    private final String origin;

    private RoutingIntent(Kind kind, boolean idempotent, long maxStalenessMillis,
            Consistent.Level level, long waitMillis, String origin) {
        this.kind = kind;
        this.idempotent = idempotent;
        this.maxStalenessMillis = maxStalenessMillis;
        this.level = level;
        this.waitMillis = waitMillis;
        this.origin = origin;
    }

    /** @return a non-idempotent command */
    public static RoutingIntent command() {
        return COMMAND;
    }

    /**
     * @param idempotent whether the command may be repeated safely (see {@link Command#idempotent()})
     * @return a command intent
     */
    public static RoutingIntent command(boolean idempotent) {
        return idempotent ? new RoutingIntent(Kind.COMMAND, true, -1, Consistent.Level.PRIMARY, 0,
                "Routing.command") : COMMAND;
    }

    /** @return a replica read with the router's default staleness bound */
    public static RoutingIntent query() {
        return QUERY;
    }

    /**
     * @param maxStalenessMillis the most lag tolerated, or {@code -1} for the router's default
     * @return a replica read intent
     * @throws RoutingConfigurationException if the bound is below {@code -1}
     */
    public static RoutingIntent query(long maxStalenessMillis) {
        checkStaleness("maxStalenessMillis", maxStalenessMillis);
        return new RoutingIntent(Kind.QUERY, false, maxStalenessMillis, Consistent.Level.PRIMARY, 0,
                "Routing.query");
    }

    /** @return a consistent read on the primary */
    public static RoutingIntent consistent() {
        return CONSISTENT;
    }

    /**
     * @param level the consistency level
     * @param waitMillis for read-your-writes, how long to wait for a replica to catch up
     * @return a consistent read intent
     * @throws RoutingConfigurationException if {@code waitMillis} is negative
     */
    public static RoutingIntent consistent(Consistent.Level level, long waitMillis) {
        Objects.requireNonNull(level, "level");
        checkWait("waitMillis", waitMillis);
        return new RoutingIntent(Kind.CONSISTENT, false, -1, level, waitMillis, "Routing.consistent");
    }

    /**
     * Returns a copy that names where it came from (a method), used in error messages and logs.
     *
     * @param origin for example {@code "OrderService.place"}
     * @return the same intent, named
     */
    public RoutingIntent withOrigin(String origin) {
        return new RoutingIntent(kind, idempotent, maxStalenessMillis, level, waitMillis,
                Objects.requireNonNull(origin, "origin"));
    }

    static void checkStaleness(String setting, long value) {
        if (value < -1) {
            throw new RoutingConfigurationException(setting,
                    "must be -1 (router default), 0 or more; was " + value);
        }
    }

    static void checkWait(String setting, long value) {
        if (value < 0) {
            throw new RoutingConfigurationException(setting, "must be 0 or more; was " + value);
        }
    }

    /** @return the kind of intent */
    public Kind kind() {
        return kind;
    }

    /** @return whether a command may be repeated safely */
    public boolean idempotent() {
        return idempotent;
    }

    /** @return the staleness bound of a query in milliseconds, {@code -1} for the router default */
    public long maxStalenessMillis() {
        return maxStalenessMillis;
    }

    /** @return the consistency level of a consistent read */
    public Consistent.Level level() {
        return level;
    }

    /** @return how long a read-your-writes read may wait for a replica, in milliseconds */
    public long waitMillis() {
        return waitMillis;
    }

    /** @return where the intent came from, for messages (a method name or {@code Routing.*}) */
    public String origin() {
        return origin;
    }

    /** @return whether this intent can only be served by the primary (or a caught-up replica) */
    public boolean needsPrimary() {
        return kind != Kind.QUERY;
    }

    @Override
    public String toString() {
        switch (kind) {
            case COMMAND:
                return "@Command(idempotent=" + idempotent + ") " + origin;
            case QUERY:
                return "@Query(maxStalenessMillis=" + maxStalenessMillis + ") " + origin;
            default:
                return "@Consistent(" + level + ", waitMillis=" + waitMillis + ") " + origin;
        }
    }
}
