package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FailoverListenerTest {

    static PostgresReplicaSet set;

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.shared(1);
    }

    @Test
    void switchToDropsOpenConnectionsAndSendsNewOnesToTheNewTarget() throws SQLException {
        try (FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort())) {
            Connection before = Db.open(listener.jdbcUrl("postgres"), set);
            assertThat(PostgresReplicaSet.servedBy(before)).isEqualTo("primary");

            listener.switchTo("127.0.0.1", set.standbyPort(0));

            assertThatThrownBy(() -> Db.one(before, "select 1"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).asString().startsWith("08");
            before.close();
            try (Connection after = Db.open(listener.jdbcUrl("postgres"), set)) {
                assertThat(PostgresReplicaSet.servedBy(after)).isEqualTo("standby1");
            }
        }
    }

    @Test
    void redirectKeepsOpenConnectionsOnTheOldTarget() throws SQLException {
        try (FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort());
             Connection before = Db.open(listener.jdbcUrl("postgres"), set)) {
            listener.redirect("127.0.0.1", set.standbyPort(0));
            try (Connection after = Db.open(listener.jdbcUrl("postgres"), set)) {
                assertThat(PostgresReplicaSet.servedBy(before)).isEqualTo("primary");
                assertThat(PostgresReplicaSet.servedBy(after)).isEqualTo("standby1");
                assertThat(listener.openConnections()).isEqualTo(2);
            }
        }
    }

    @Test
    void dropAllCutsConnectionsButKeepsTheTarget() throws SQLException {
        try (FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort())) {
            Connection before = Db.open(listener.jdbcUrl("postgres"), set);
            listener.dropAll();
            assertThatThrownBy(() -> Db.one(before, "select 1")).isInstanceOf(SQLException.class);
            before.close();
            try (Connection after = Db.open(listener.jdbcUrl("postgres"), set)) {
                assertThat(PostgresReplicaSet.servedBy(after)).isEqualTo("primary");
            }
        }
    }

    @Test
    void halfClosedClientStillReceivesTheReply() throws Exception {
        // an upstream that answers only after the client has finished sending
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread server = new Thread(() -> {
                try (Socket s = upstream.accept()) {
                    byte[] request = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(("got " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // the assertion below fails instead
                }
            });
            server.start();
            try (FailoverListener listener = FailoverListener.start("127.0.0.1", upstream.getLocalPort());
                 Socket client = new Socket("127.0.0.1", listener.port())) {
                OutputStream out = client.getOutputStream();
                out.write("ping".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                InputStream in = client.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got ping");
            }
            server.join(5000);
            assertThat(server.isAlive()).as("the echo server finished").isFalse();
        }
    }

    @Test
    void closeEndsEveryProxyThread() throws SQLException {
        FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort());
        String prefix = "failover-listener-" + listener.port() + "-";
        Connection c1 = Db.open(listener.jdbcUrl("postgres"), set);
        Connection c2 = Db.open(listener.jdbcUrl("postgres"), set);
        assertThat(proxyThreads(prefix)).isEqualTo(5); // acceptor + 2 per connection
        listener.close();
        assertThat(proxyThreads(prefix)).isZero();
        assertThat(listener.openConnections()).isZero();
        c1.close();
        c2.close();
    }

    @Test
    void unreachableTargetEndsTheClientConnection() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            deadPort = s.getLocalPort();
        }
        try (FailoverListener listener = FailoverListener.start("127.0.0.1", deadPort)) {
            assertThatThrownBy(() -> Db.open(listener.jdbcUrl("postgres"), set).close())
                    .isInstanceOf(SQLException.class);
        }
    }

    private static long proxyThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }
}
