package io.cqrsrouting.spring.web;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Makes one HTTP request one read-your-writes session, and carries the session's consistency
 * token between requests (and application instances) in a cookie and a header.
 *
 * <p>On the way in, a token found in the request (header first, then cookie) is imported; an
 * invalid, oversized, foreign or forged one is ignored, never an error for the user. On the way
 * out, if the request wrote, the token is set on the response before its first byte is written
 * (also before a redirect), so the client's next request reads its own writes whichever instance
 * serves it:
 * <ul>
 *   <li>the <b>cookie</b> (default {@value #DEFAULT_COOKIE}) survives POST → redirect → GET in a
 *       browser: {@code HttpOnly}, {@code SameSite=Lax}, path {@code /}, and {@code Secure} when
 *       the request came over a secure channel;</li>
 *   <li>the <b>header</b> (default {@value #DEFAULT_HEADER}) is for API clients that send it back
 *       themselves.</li>
 * </ul>
 *
 * <p>A request that goes asynchronous ({@code Callable}, {@code DeferredResult}) keeps its session
 * across the asynchronous dispatch: writes made by the handler's task (run by an executor with the
 * {@code RoutingTaskDecorator}, or wrapped with {@code Routing.wrap}) are exported when the
 * asynchronous dispatch writes the response.
 *
 * <p>Its order defaults to {@link #DEFAULT_ORDER}, before Spring Security's filter chain, so reads
 * made while authenticating belong to the session too.
 */
public class ConsistencyTokenFilter extends OncePerRequestFilter implements Ordered {

    /** Default header name. */
    public static final String DEFAULT_HEADER = "X-Consistency-Token";

    /** Default cookie name. */
    public static final String DEFAULT_COOKIE = "cqrs-consistency";

    /** Default order: before Spring Security's filter chain (order -100 in Spring Boot). */
    public static final int DEFAULT_ORDER = -110;

    private static final String SESSION_ATTRIBUTE = ConsistencyTokenFilter.class.getName()
            + ".session";

    private final RoutingDataSource router;
    private final String header;
    private final String cookie;
    private int order = DEFAULT_ORDER;

    /**
     * @param router the router whose cluster the tokens are for
     * @param header the header carrying the token, or {@code null} for none
     * @param cookie the cookie carrying the token, or {@code null} for none
     */
    public ConsistencyTokenFilter(RoutingDataSource router, String header, String cookie) {
        this.router = Objects.requireNonNull(router, "router");
        this.header = blankToNull(header);
        this.cookie = blankToNull(cookie);
    }

    /** @param router the router; header and cookie get their default names */
    public ConsistencyTokenFilter(RoutingDataSource router) {
        this(router, DEFAULT_HEADER, DEFAULT_COOKIE);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public int getOrder() {
        return order;
    }

    /** @param order the filter's order among servlet filters */
    public void setOrder(int order) {
        this.order = order;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // the asynchronous dispatch writes the response: the token goes out then
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        RoutingSession started = (RoutingSession) request.getAttribute(SESSION_ATTRIBUTE);
        try (RoutingSession session = started != null ? started.join() : Routing.openSession()) {
            if (started == null) {
                session.importToken(router, incoming(request));
            }
            TokenResponse wrapped = new TokenResponse(response, session, request.isSecure());
            chain.doFilter(request, wrapped);
            if (request.isAsyncStarted()) {
                // Its task may still write: export once the asynchronous dispatch is done.
                request.setAttribute(SESSION_ATTRIBUTE, started != null ? started : session);
            } else {
                wrapped.applyToken();
            }
        }
    }

    private String incoming(HttpServletRequest request) {
        String token = header == null ? null : request.getHeader(header);
        if (token == null && cookie != null && request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (cookie.equals(c.getName())) {
                    token = c.getValue();
                }
            }
        }
        return token;
    }

    /** Sets the token on the response at the last moment it still can: before the body starts. */
    private final class TokenResponse extends HttpServletResponseWrapper {
        private final RoutingSession session;
        private final boolean secure;
        private boolean applied;

        TokenResponse(HttpServletResponse response, RoutingSession session, boolean secure) {
            super(response);
            this.session = session;
            this.secure = secure;
        }

        void applyToken() {
            if (applied || isCommitted()) {
                return;
            }
            applied = true;
            String token = session.exportToken(router);
            if (token == null) {
                return;
            }
            if (header != null) {
                setHeader(header, token);
            }
            if (cookie != null) {
                Cookie c = new Cookie(cookie, token);
                c.setPath("/");
                c.setHttpOnly(true);
                c.setSecure(secure);
                c.setAttribute("SameSite", "Lax");
                addCookie(c);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            applyToken();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            applyToken();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            applyToken();
            super.flushBuffer();
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            applyToken();
            super.sendRedirect(location);
        }

        @Override
        public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
            applyToken();
            super.sendRedirect(location, sc, clearBuffer);
        }

        @Override
        public void sendError(int sc) throws IOException {
            applyToken();
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            applyToken();
            super.sendError(sc, msg);
        }
    }
}
