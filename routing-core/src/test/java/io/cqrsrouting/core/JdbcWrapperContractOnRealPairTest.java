package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.internal.RoutedConnection;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.jdbc.PgDatabaseMetaData;
import org.postgresql.jdbc.PgResultSet;
import org.postgresql.jdbc.PgStatement;

/**
 * The JDBC contract of the router's wrappers on a real primary: each wrapper answers
 * {@code unwrap}/{@code isWrapperFor} for itself before the driver (so asking for the JDBC
 * interface never hands out the driver's object behind the router), and a routed connection refuses
 * sharding keys instead of re-keying the pooled connection behind the router.
 */
class JdbcWrapperContractOnRealPairTest {

    private static PostgresReplicaSet set;
    private static RoutingDataSource ds;
    /** Sharding-key calls that reached a pooled connection. */
    private static final List<String> REKEYED = new CopyOnWriteArrayList<>();
    private static RoutingDataSource shardingKeyAware;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.shared(1);
        ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitor(false).build();
        shardingKeyAware = RoutingDataSource.builder()
                .primary(new ShardingKeyAwareDataSource(set.primaryJdbcUrl())).monitor(false).build();
    }

    @AfterAll
    static void stop() {
        ds.close();
        shardingKeyAware.close();
    }

    @Test
    void everyWrapperAnswersForItselfBeforeTheDriver() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                PreparedStatement ps = c.prepareStatement("SELECT 1");
                ResultSet rs = st.executeQuery("SELECT 1")) {
            assertThat(PostgresReplicaSet.servedBy(c)).isEqualTo("primary");
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(c.unwrap(RoutedConnection.class)).isSameAs(c);
            assertThat(c.isWrapperFor(RoutedConnection.class)).isTrue();
            assertThat(c.unwrap(PgConnection.class)).isInstanceOf(PgConnection.class);
            assertThat(c.isWrapperFor(PgConnection.class)).isTrue();
            assertThat(c.isWrapperFor(String.class)).isFalse();
            assertThatThrownBy(() -> c.unwrap(String.class)).isInstanceOf(SQLException.class);

            assertThat(st.unwrap(Statement.class)).isSameAs(st);
            assertThat(st.isWrapperFor(st.getClass())).isTrue();
            assertThat(st.unwrap(PgStatement.class)).isInstanceOf(PgStatement.class);
            assertThat(st.isWrapperFor(PgStatement.class)).isTrue();

            assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(ps);
            assertThat(ps.isWrapperFor(ps.getClass())).isTrue();
            assertThat(ps.unwrap(PgStatement.class)).isInstanceOf(PgStatement.class);

            assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
            assertThat(rs.isWrapperFor(rs.getClass())).isTrue();
            assertThat(rs.unwrap(PgResultSet.class)).isInstanceOf(PgResultSet.class);

            DatabaseMetaData md = c.getMetaData();
            assertThat(md.unwrap(DatabaseMetaData.class)).isSameAs(md);
            assertThat(md.isWrapperFor(md.getClass())).isTrue();
            assertThat(md.unwrap(PgDatabaseMetaData.class)).isInstanceOf(PgDatabaseMetaData.class);
            assertThat(md.isWrapperFor(PgDatabaseMetaData.class)).isTrue();
        }
    }

    /**
     * The pooled connections here accept sharding keys (as Oracle's driver does; none runs here):
     * the routed connection still refuses them with {@link SQLFeatureNotSupportedException}, the
     * pooled connection never hears of them, and the routed connection stays usable where it was.
     */
    @Test
    void aRoutedConnectionRefusesShardingKeysAndLeavesThePooledConnectionAlone() throws Exception {
        ShardingKey key = new ShardingKey() { };
        ShardingKey superKey = new ShardingKey() { };
        try (Connection c = shardingKeyAware.getConnection()) {
            assertThat(c.unwrap(Connection.class)).isInstanceOf(RoutedConnection.class);
            assertThatThrownBy(() -> c.setShardingKey(key))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> c.setShardingKey(key, superKey))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> c.setShardingKeyIfValid(key, 5))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> c.setShardingKeyIfValid(key, superKey, 5))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThat(REKEYED).as("sharding-key calls that reached the pooled connection").isEmpty();
            assertThat(PostgresReplicaSet.servedBy(c)).isEqualTo("primary");
        }
        // the stand-in does take keys when asked directly: the refusal is the router's
        try (Connection direct = new ShardingKeyAwareDataSource(set.primaryJdbcUrl()).getConnection()) {
            direct.setShardingKey(key);
            assertThat(direct.setShardingKeyIfValid(key, 5)).isTrue();
        }
        assertThat(REKEYED).containsExactly("setShardingKey", "setShardingKeyIfValid");
        REKEYED.clear();
    }

    /** Real PostgreSQL connections that accept sharding keys (recorded), like a driver that has them. */
    private static final class ShardingKeyAwareDataSource implements DataSource {
        private final String url;

        ShardingKeyAwareDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = DriverManager.getConnection(url, set.username(), set.password());
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("setShardingKey")) {
                            REKEYED.add(method.getName());
                            return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
