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
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Makes one HTTP request one read-your-writes session, and carries the session's consistency
 * token between requests (and application instances) in a header and/or a cookie.
 *
 * <p>On the way in, a token found in the request is imported (an invalid, oversized, foreign or
 * forged one is ignored, never an error for the user). On the way out, if the request's commands
 * committed, the token is set on the response before its first byte is written, so a client that
 * sends it back with its next request reads its own writes, whichever instance serves it.
 */
public class ConsistencyTokenFilter extends OncePerRequestFilter {

    /** Default header name. */
    public static final String DEFAULT_HEADER = "X-Consistency-Token";

    private final RoutingDataSource router;
    private final String header;
    private final String cookie;

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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        try (RoutingSession session = Routing.openSession()) {
            session.importToken(router, incoming(request));
            TokenResponse wrapped = new TokenResponse(response, session);
            chain.doFilter(request, wrapped);
            wrapped.applyToken();
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
        private boolean applied;

        TokenResponse(HttpServletResponse response, RoutingSession session) {
            super(response);
            this.session = session;
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
