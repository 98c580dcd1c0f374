package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.SessionState;

/**
 * A read-your-writes session: the span in which a command's consistency token is remembered
 * (one HTTP request, one job, one conversation). Outside any session the token belongs to the
 * thread. Open with {@link Routing#openSession()} and close on the same thread, in
 * {@code finally} or try-with-resources; closing restores the thread's previous session.
 */
public final class RoutingSession implements AutoCloseable {

    private final RoutingContext context;
    private final SessionState previous;
    private final SessionState own;
    private boolean closed;

    RoutingSession(RoutingContext context) {
        this(context, new SessionState());
    }

    private RoutingSession(RoutingContext context, SessionState state) {
        this.context = context;
        this.own = state;
        this.previous = context.swapSession(own);
    }

    /**
     * Re-enters this session on the calling thread, for a continuation of the same unit of work
     * (the asynchronous dispatch of an HTTP request that went async). Close the returned handle
     * on that thread; writes made under either handle belong to the same session.
     *
     * @return a handle on the same session, for the calling thread
     */
    public RoutingSession join() {
        return new RoutingSession(RoutingContext.current(), own);
    }

    /**
     * Imports a token exported earlier (by this or another application instance). An invalid,
     * oversized, foreign or forged token is ignored.
     *
     * @param router the router whose cluster the token is for
     * @param token the token string, may be null
     * @return whether the token was accepted
     */
    public boolean importToken(RoutingDataSource router, String token) {
        return router.tokens().importInto(own, token);
    }

    /**
     * @param router the router whose cluster the token is for
     * @return the session's token for that cluster, or {@code null} if it has written nothing;
     *     resolved as {@link RoutingDataSource#exportToken()} describes
     */
    public String exportToken(RoutingDataSource router) {
        return router.tokens().export(own);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.swapSession(previous);
        }
    }
}
