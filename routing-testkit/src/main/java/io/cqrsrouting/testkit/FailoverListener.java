package io.cqrsrouting.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy standing in for a failover-group or availability-group listener:
 * one stable address ({@link #jdbcUrl(String)}) whose target can move.
 *
 * <ul>
 *   <li>{@link #switchTo(String, int)}: a failover — new connections go to the new target
 *       and every open connection is dropped, as when the old primary dies;</li>
 *   <li>{@link #redirect(String, int)}: a DNS flip — new connections go to the new target,
 *       open ones keep talking to the old one (stale pooled connections);</li>
 *   <li>{@link #dropAll()}: a network blip — open connections are cut, the target stays.</li>
 * </ul>
 *
 * <p>Blocking sockets, two daemon threads per proxied connection; {@link #close()} stops
 * every thread it started.
 */
public final class FailoverListener implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile InetSocketAddress target;
    private volatile boolean closed;

    private FailoverListener(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::acceptLoop, "failover-listener-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code targetHost:targetPort}. */
    public static FailoverListener start(String targetHost, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
            FailoverListener listener = new FailoverListener(server, new InetSocketAddress(targetHost, targetPort));
            listener.acceptor.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a listener on 127.0.0.1", e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Where new connections go. */
    public InetSocketAddress target() {
        return target;
    }

    /** New target, and every open connection is dropped (the old target "died"). */
    public void switchTo(String host, int port) {
        target = new InetSocketAddress(host, port);
        dropAll();
    }

    /** New target for new connections only; open connections keep flowing to the old one. */
    public void redirect(String host, int port) {
        target = new InetSocketAddress(host, port);
    }

    /** Closes every open proxied connection; clients see the connection end. */
    public void dropAll() {
        List.copyOf(open).forEach(ProxiedConnection::close);
    }

    /** The number of connections currently proxied. */
    public int openConnections() {
        return open.size();
    }

    /** Stops listening, drops all connections and waits for the proxy threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropAll();
        join(acceptor);
        List.copyOf(threads).forEach(FailoverListener::join);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                ProxiedConnection c = new ProxiedConnection(client, target, open);
                open.add(c);
                if (closed) {
                    c.close(); // raced with close(): do not leave it behind
                    return;
                }
                String name = "failover-listener-" + port() + "-c" + ids.incrementAndGet();
                // the connect to the target happens on the connection's own thread, so a slow
                // or frozen target never blocks accepting others
                spawn(name + "-up", () -> c.run(name + "-down", this::spawn));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                pauseAfterAcceptFailure(); // e.g. out of file descriptors: do not spin
            }
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void join(Thread t) {
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FailoverListener[127.0.0.1:" + port() + " -> " + target + ", " + open.size() + " open]";
    }
}
