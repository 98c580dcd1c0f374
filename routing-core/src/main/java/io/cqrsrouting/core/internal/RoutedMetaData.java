package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * The driver's {@link DatabaseMetaData} with {@code getConnection()} answering the routed
 * connection, so work done through it stays under the router's eye. Every other call is forwarded
 * by the generated {@link DelegatingMetaData}.
 */
final class RoutedMetaData extends DelegatingMetaData {

    private final Connection connection;

    private RoutedMetaData(DatabaseMetaData delegate, Connection connection) {
        super(delegate);
        this.connection = connection;
    }

    /** @return {@code metaData} whose connection is {@code connection}; {@code null} stays null */
    static DatabaseMetaData of(DatabaseMetaData metaData, Connection connection) {
        return metaData == null ? null : new RoutedMetaData(metaData, connection);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String toString() {
        return "RoutedMetaData[" + delegate + "]";
    }
}
