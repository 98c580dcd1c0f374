package io.cqrsrouting.benchmark.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:stub:<node>} URLs whose connections, statements and result sets do
 * nothing and allocate nothing per statement (each connection reuses one statement and one result
 * set), so a benchmark over it measures the pool, the framework and the routing path, not a
 * database. For measuring overhead only: every query answers one row of constants.
 */
public final class StubDriver implements Driver {

    /** URL prefix this driver accepts. */
    public static final String PREFIX = "jdbc:stub:";

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Makes sure the driver is registered with {@link DriverManager}. */
    public static void register() {
        // the static initializer did it
    }

    /**
     * @param node node name
     * @return the URL of that stub node
     */
    public static String url(String node) {
        return PREFIX + node;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String name = url.substring(PREFIX.length());
        int q = name.indexOf('?');
        StubNode node = StubNode.named(q < 0 ? name : name.substring(0, q));
        node.connected();
        return new StubConnection(node);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }
}
