package io.cqrsrouting.jooq.autoconfigure;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.jooq.JooqRouting;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Adds statement-type routing to the jOOQ configuration that Spring Boot builds, when the
 * application's {@code DataSource} is (or wraps) a {@link RoutingDataSource}. Boot's connection
 * provider (transaction-aware) stays underneath, so Spring transactions keep their connection.
 */
public final class RoutingConfigurationCustomizer implements DefaultConfigurationCustomizer {

    private final DataSource dataSource;

    /**
     * @param dataSource the application's data source
     */
    public RoutingConfigurationCustomizer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void customize(DefaultConfiguration configuration) {
        RoutingDataSource router = routerOf(dataSource);
        if (router != null) {
            JooqRouting.configure(configuration, router);
        }
    }

    static RoutingDataSource routerOf(DataSource dataSource) {
        if (dataSource instanceof RoutingDataSource) {
            return (RoutingDataSource) dataSource;
        }
        try {
            return dataSource != null && dataSource.isWrapperFor(RoutingDataSource.class)
                    ? dataSource.unwrap(RoutingDataSource.class) : null;
        } catch (SQLException e) {
            return null; // not a router: leave jOOQ as Boot configured it
        }
    }
}
