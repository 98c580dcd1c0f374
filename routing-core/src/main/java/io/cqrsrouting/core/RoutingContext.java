package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.SessionState;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.ThreadSlots;


import java.util.Arrays;
import java.util.Objects;

/**
 * The per-thread stack of routing scopes. One instance per thread, created on first use and then
 * reused: pushing and popping a scope touch two preallocated arrays and allocate nothing.
 *
 * <p>Each entry holds the intent and the decision derived from it when the scope was entered
 * (PRIMARY is sticky downward, a bound transaction's route wins). Scopes are popped back to a mark
 * in {@code finally}, so an exception never leaves a route behind.
 */
final class RoutingContext implements RoutingSpi.Scopes {

    private static final ThreadLocal<RoutingContext> CURRENT =
            ThreadLocal.withInitial(RoutingContext::new);

    private RoutingIntent[] intents = new RoutingIntent[8];
    private byte[] decisions = new byte[8];
    private long[] commitsAtEntry = new long[8];
    private int depth;

    /** The thread this context belongs to (a context is created on, and used by, that thread). */
    private final Thread thread = Thread.currentThread();

    /**
     * This thread's own index for per-thread accounting cells (served counts, in-flight
     * connections): claimed once, when the context is created on its thread.
     */
    private final int threadSlot = ThreadSlots.claim();

    /** Commits (and autocommit uses) of primary connections on this thread, ever. */
    private long commits;

    /** The endpoint this thread last took a connection from, to attribute failures. */
    private Endpoint lastEndpoint;

    /** Per-thread consistency state for read-your-writes (see {@link SessionState}). */
    private SessionState session;

    private RoutingContext() {
    }

    /**
     * @param context a context remembered by a connection when it was handed out, or null
     * @return that context if it is the calling thread's (no thread-local lookup), else this
     *     thread's context
     */
    static RoutingContext currentOr(Object context) {
        if (context instanceof RoutingContext && ((RoutingContext) context).thread
                == Thread.currentThread()) {
            return (RoutingContext) context;
        }
        return CURRENT.get();
    }

    /** @return the index of this context's thread in per-thread accounting cells */
    int threadSlot() {
        return threadSlot;
    }

    /** @return this thread's context */
    public static RoutingContext current() {
        return CURRENT.get();
    }

    /**
     * Enters a scope.
     *
     * @param intent what the scope asks for
     * @param bound the route of a connection already bound to the thread's transaction, or null
     * @return the mark to hand back to {@link #pop(int)}
     * @throws RouteConflictException if the intent needs the primary but the transaction is bound
     *     to a replica
     */
    public int push(RoutingIntent intent, Route bound) {
        if (bound == Route.REPLICA && intent.needsPrimary()) {
            throw conflict(intent);
        }
        byte outer = decision();
        byte decision = Router.decide(intent, outer, bound);
        if (decision == Router.CONSISTENT && outer == Router.CONSISTENT
                && intent.kind() == RoutingIntent.Kind.QUERY) {
            // An outer consistent read is never weakened by the reads it calls: they keep its
            // semantics (and its wait), under the outer intent.
            return pushRaw(intents[depth - 1], Router.CONSISTENT);
        }
        return pushRaw(intent, decision);
    }

    @Override
    public int enter(RoutingIntent intent, Route boundRoute) {
        return push(Objects.requireNonNull(intent, "intent"), boundRoute);
    }

    @Override
    public void exit(int mark) {
        pop(mark);
    }

    int pushRaw(RoutingIntent intent, byte decision) {
        int mark = depth;
        if (depth == intents.length) {
            intents = Arrays.copyOf(intents, depth * 2);
            decisions = Arrays.copyOf(decisions, depth * 2);
            commitsAtEntry = Arrays.copyOf(commitsAtEntry, depth * 2);
        }
        intents[depth] = intent;
        decisions[depth] = decision;
        commitsAtEntry[depth] = commits;
        depth++;
        return mark;
    }

    /**
     * Leaves every scope entered since {@code mark} was returned.
     *
     * @param mark the value returned by the matching {@link #push}
     */
    public void pop(int mark) {
        for (int i = mark; i < depth; i++) {
            intents[i] = null;
        }
        depth = Math.min(depth, Math.max(0, mark));
    }

    /** @return the decision of the innermost scope, or {@link Router#NONE} */
    public byte decision() {
        return depth == 0 ? Router.NONE : decisions[depth - 1];
    }

    /** @return the intent of the innermost scope, or null */
    public RoutingIntent intent() {
        return depth == 0 ? null : intents[depth - 1];
    }

    /** Counts a commit on a primary connection (or one returned in autocommit mode). */
    public void committed() {
        commits++;
    }

    /** @return how many commits on primary connections this thread has made */
    public long commits() {
        return commits;
    }

    /**
     * @return whether a primary connection committed (or went back in autocommit mode) since the
     *     innermost scope was entered: then a failure of that scope does not mean nothing applied
     */
    public boolean committedInScope() {
        return depth > 0 && commits != commitsAtEntry[depth - 1];
    }

    /** @param endpoint the endpoint this thread just took a connection from */
    public void lastEndpoint(Endpoint endpoint) {
        this.lastEndpoint = endpoint;
    }

    /** @return the endpoint this thread last took a connection from, or null */
    public Endpoint lastEndpoint() {
        return lastEndpoint;
    }

    /** @return the number of open scopes */
    public int depth() {
        return depth;
    }

    /** @return this thread's read-your-writes state, created on first use */
    public SessionState session() {
        SessionState s = session;
        if (s == null) {
            s = new SessionState();
            session = s;
        }
        return s;
    }

    /** @return the current session state without creating one, possibly null */
    public SessionState sessionIfPresent() {
        return session;
    }

    /**
     * Replaces the session state (entering or leaving a session block, or a propagated task).
     *
     * @param state the new state, possibly null
     * @return the previous state, to restore later
     */
    public SessionState swapSession(SessionState state) {
        SessionState previous = session;
        session = state;
        return previous;
    }

    /**
     * @return an immutable copy of the open scopes and the session, to carry to another thread;
     *     the session is created if the thread has none yet, so writes made by the task count for
     *     the caller
     */
    public Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(intents, depth), Arrays.copyOf(decisions, depth),
                session());
    }

    private RouteConflictException conflict(RoutingIntent intent) {
        String opener = null;
        for (int i = depth - 1; i >= 0; i--) {
            if (decisions[i] == Router.REPLICA) {
                opener = intents[i].toString();
            }
        }
        return new RouteConflictException(intent + " cannot run inside a transaction bound to a"
                + " replica" + (opener != null ? " (opened by " + opener + ")" : "")
                + ": a bound connection never switches, and a replica cannot serve "
                + (intent.kind() == RoutingIntent.Kind.COMMAND ? "a write" : "a consistent read")
                + ". Start it outside that transaction, or make the outer method a @Command.");
    }

    /** The scopes of one thread, frozen to be re-entered on another (see Routing.wrap). */
    public static final class Snapshot {
        private final RoutingIntent[] intents;
        private final byte[] decisions;
        private final SessionState session;

        Snapshot(RoutingIntent[] intents, byte[] decisions, SessionState session) {
            this.intents = intents;
            this.decisions = decisions;
            this.session = session;
        }

        /**
         * Re-enters the captured scopes on the current thread.
         *
         * @param target the current thread's context
         * @return the mark to pop back to; the previous session is restored by {@link #leave}
         */
        public int enter(RoutingContext target) {
            int mark = target.depth;
            for (int i = 0; i < intents.length; i++) {
                target.pushRaw(intents[i], decisions[i]);
            }
            return mark;
        }

        /**
         * Runs {@code work} on the current thread inside the captured scopes and session, then
         * restores the thread's own.
         */
        <T, E extends Exception> T run(Routing.Work<T, E> work) throws E {
            RoutingContext ctx = RoutingContext.current();
            SessionState previous = ctx.swapSession(session);
            int mark = enter(ctx);
            try {
                return work.run();
            } finally {
                ctx.pop(mark);
                ctx.swapSession(previous);
            }
        }

        /** @return the session state captured with the scopes, possibly null */
        public SessionState session() {
            return session;
        }
    }
}
