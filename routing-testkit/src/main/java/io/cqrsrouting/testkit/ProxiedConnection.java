package io.cqrsrouting.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** One client connection of a {@link FailoverListener} and its upstream twin. */
final class ProxiedConnection {

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final Socket client;
    private final InetSocketAddress target;
    private final Set<ProxiedConnection> registry;
    private final AtomicInteger finishedDirections = new AtomicInteger();
    private volatile Socket upstream;
    private volatile boolean closed;

    ProxiedConnection(Socket client, InetSocketAddress target, Set<ProxiedConnection> registry) {
        this.client = client;
        this.target = target;
        this.registry = registry;
    }

    /**
     * Connects to the target, starts the target-to-client pump on a second thread and
     * pumps client-to-target on the calling one.
     */
    void run(String downName, BiConsumer<String, Runnable> spawner) {
        Socket up = new Socket();
        try {
            up.setTcpNoDelay(true);
            upstream = up;
            if (closed) {
                close();
                return;
            }
            up.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            close(); // target unreachable: the client sees its connection end, as with a dead listener target
            return;
        }
        spawner.accept(downName, () -> pump(up, client));
        pump(client, up);
    }

    /** Copies one direction; at end of stream passes the half-close on, on error closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            if (finishedDirections.incrementAndGet() == 2) {
                close();
            }
        } catch (IOException e) {
            close();
        }
    }

    /** Closes both sides; the pump threads then end on their next read or write. */
    void close() {
        closed = true;
        registry.remove(this);
        closeQuietly(client);
        Socket up = upstream;
        if (up != null) {
            closeQuietly(up);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
