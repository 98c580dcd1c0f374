package io.cqrsrouting.core.internal;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the monitor gets its connections: never from the application's pool. In order of
 * preference: the endpoint's URL and credentials (endpoints given by URL, or a HikariCP pool
 * configured with a {@code jdbcUrl}), with connect, login and socket timeouts appended to the URL
 * so that the URL's own parameters cannot lengthen them; a probe {@code DataSource} given in the
 * builder, or the driver {@code DataSource} a HikariCP pool wraps. Only when none is known does
 * the monitor borrow from the endpoint's {@code DataSource}, one connection per probe, returned
 * after it and never aborted.
 */
public final class ProbeConnections {

    /** The {@code ApplicationName} the monitor's own connections carry. */
    public static final String APPLICATION_NAME = "cqrs-routing-monitor";

    private ProbeConnections() {
    }

    /**
     * @param endpoint the endpoint
     * @param url its JDBC URL if it was given by URL, else null
     * @param username the user for {@code url}
     * @param password the password for {@code url}
     * @param timeoutMillis the probe timeout
     * @return how the monitor connects to {@code endpoint}
     */
    public static ProbeSource forEndpoint(Endpoint endpoint, String url, String username,
            String password, long timeoutMillis) {
        if (url != null) {
            return direct(url, username, password, null, timeoutMillis);
        }
        if (endpoint.probeDataSource() != null) {
            return unpooled(endpoint.probeDataSource());
        }
        DataSource ds = endpoint.dataSource();
        if (ds instanceof HikariDataSource) {
            HikariDataSource hikari = (HikariDataSource) ds;
            if (hikari.getJdbcUrl() != null) {
                return direct(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(),
                        hikari.getDataSourceProperties(), timeoutMillis);
            }
            if (hikari.getDataSource() != null) {
                return unpooled(hikari.getDataSource());
            }
        }
        return new ProbeSource() {
            @Override
            public Connection open() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public boolean borrowed() {
                return true;
            }
        };
    }

    private static ProbeSource unpooled(DataSource ds) {
        return ds::getConnection;
    }

    private static ProbeSource direct(String url, String username, String password,
            Properties extra, long timeoutMillis) {
        String probeUrl = withTimeouts(url, timeoutMillis);
        return () -> {
            Properties props = new Properties();
            if (extra != null) {
                props.putAll(extra);
            }
            if (username != null) {
                props.setProperty("user", username);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            return DriverManager.getConnection(probeUrl, props);
        };
    }

    /**
     * Appends the monitor's timeouts and application name to a JDBC URL. Both pgjdbc and
     * mssql-jdbc let a URL parameter win over a connection property, and the last occurrence of a
     * parameter win over earlier ones: appended last, ours hold whatever the URL says.
     *
     * @param url the endpoint's URL
     * @param timeoutMillis the probe timeout
     * @return the URL the monitor connects with
     */
    static String withTimeouts(String url, long timeoutMillis) {
        int seconds = (int) Math.max(1, (timeoutMillis + 999) / 1000);
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            String sep = url.indexOf('?') >= 0 ? "&" : "?";
            return url + sep + "connectTimeout=" + seconds + "&loginTimeout=" + seconds
                    + "&socketTimeout=" + seconds + "&ApplicationName=" + APPLICATION_NAME;
        }
        if (lower.startsWith("jdbc:sqlserver:")) {
            String sep = url.endsWith(";") ? "" : ";";
            return url + sep + "loginTimeout=" + seconds + ";socketTimeout=" + timeoutMillis
                    + ";applicationName=" + APPLICATION_NAME;
        }
        return url;
    }
}
