package io.cqrsrouting.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Finds the dialect for a URL or a connection. */
public final class Dialects {

    private static final List<Dialect> BUILT_IN = List.of(new PostgresDialect(),
            new SqlServerDialect());

    private Dialects() {
    }

    /** @return the PostgreSQL dialect */
    public static Dialect postgresql() {
        return BUILT_IN.get(0);
    }

    /** @return the SQL Server / Azure SQL dialect */
    public static Dialect sqlServer() {
        return BUILT_IN.get(1);
    }

    /**
     * @param name {@code postgresql} or {@code sqlserver} (case-insensitive)
     * @return the dialect
     * @throws IllegalArgumentException naming the value if it is unknown
     */
    public static Dialect byName(String name) {
        for (Dialect d : BUILT_IN) {
            if (d.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("dialect: unknown dialect '" + name
                + "'; known: postgresql, sqlserver");
    }

    /**
     * @param jdbcUrl a JDBC URL
     * @return the dialect whose driver handles it, or {@code null}
     */
    public static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        for (Dialect d : BUILT_IN) {
            if (d.acceptsUrl(jdbcUrl)) {
                return d;
            }
        }
        return null;
    }

    /**
     * @param connection an open connection
     * @return the dialect of its database, or {@code null} if unknown
     * @throws SQLException if the metadata cannot be read
     */
    public static Dialect forConnection(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        for (Dialect d : BUILT_IN) {
            if (d.acceptsProduct(product)) {
                return d;
            }
        }
        return null;
    }
}
