package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingDataSource;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.ExecuteListenerProvider;
import org.jooq.RecordListenerProvider;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.jooq.impl.DefaultRecordListenerProvider;
import org.jooq.impl.NoConnectionProvider;

import java.util.Arrays;
import java.util.Objects;

/**
 * Statement-type routing for jOOQ: without any annotation, plain {@code SELECT}s go to a replica
 * and everything else to the primary; an explicit scope always wins; a transaction keeps its one
 * connection.
 *
 * <pre>{@code
 * DSLContext dsl = JooqRouting.dsl(router, SQLDialect.POSTGRES);
 * dsl.selectFrom(ORDERS).fetch();                         // a replica
 * dsl.insertInto(ORDERS).set(...).returning().fetchOne(); // the primary
 * Routing.command(() -> dsl.selectFrom(ORDERS).fetch());  // the primary: explicit intent wins
 * dsl.transaction(tx -> { ... });                         // one primary connection throughout
 * record.store(); record.refresh();                       // the refresh reads the caller's write
 * }</pre>
 *
 * <p>The route is decided per execution before its connection is acquired: a
 * {@link RoutingExecuteListener} classifies the query and a {@link RoutingConnectionProvider}
 * acquires the connection in a scope of that type; a record listener makes the read right after
 * an {@code UpdatableRecord.store()} (its {@code refresh()}) a read-your-writes read.
 * {@link #configure(Configuration, RoutingDataSource)} adds them to a configuration you already
 * have; with Spring Boot's jOOQ auto-configuration that happens by itself.
 */
public final class JooqRouting {

    private static final ExecuteListenerProvider LISTENER =
            new DefaultExecuteListenerProvider(new RoutingExecuteListener());
    private static final RecordListenerProvider REFRESH =
            new DefaultRecordListenerProvider(new StoreListener());

    private JooqRouting() {
    }

    /**
     * @param router the routing data source
     * @param dialect the SQL dialect
     * @return a {@code DSLContext} that routes every execution by statement type
     */
    public static DSLContext dsl(RoutingDataSource router, SQLDialect dialect) {
        return DSL.using(configuration(router, dialect));
    }

    /**
     * @param router the routing data source
     * @param dialect the SQL dialect
     * @return a new configuration that routes every execution by statement type
     */
    public static Configuration configuration(RoutingDataSource router, SQLDialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        return configure(new DefaultConfiguration().set(dialect), router);
    }

    /**
     * Adds statement-type routing to an existing configuration, in place: its connection provider
     * is wrapped in a {@link RoutingConnectionProvider} (a configuration without one gets
     * {@code router}'s connections), and a {@link RoutingExecuteListener} is appended to its
     * listeners. Calling it again changes nothing.
     *
     * @param configuration the configuration to change, for example Spring Boot's
     * @param router the routing data source, used if the configuration has no connection provider
     * @param <C> the configuration type
     * @return {@code configuration}
     */
    public static <C extends Configuration> C configure(C configuration, RoutingDataSource router) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(router, "router");
        ConnectionProvider current = configuration.connectionProvider();
        if (!(current instanceof RoutingConnectionProvider)) {
            ConnectionProvider base = current == null || current instanceof NoConnectionProvider
                    ? new DataSourceConnectionProvider(router) : current;
            configuration.set(new RoutingConnectionProvider(base));
        }
        ExecuteListenerProvider[] listeners = configuration.executeListenerProviders();
        if (!hasRoutingListener(listeners)) {
            ExecuteListenerProvider[] more = Arrays.copyOf(listeners, listeners.length + 1);
            more[listeners.length] = LISTENER;
            configuration.set(more);
        }
        RecordListenerProvider[] records = configuration.recordListenerProviders();
        if (!Arrays.asList(records).contains(REFRESH)) {
            RecordListenerProvider[] more = Arrays.copyOf(records, records.length + 1);
            more[records.length] = REFRESH;
            configuration.set(more);
        }
        return configuration;
    }

    /**
     * @return the record listener provider to register when wiring a configuration by hand: it
     *     makes the read right after an {@code UpdatableRecord.store()} (its {@code refresh()})
     *     a read-your-writes read
     */
    public static RecordListenerProvider recordListenerProvider() {
        return REFRESH;
    }

    /** @return the listener provider to register when wiring a configuration by hand */
    public static ExecuteListenerProvider listenerProvider() {
        return LISTENER;
    }

    private static boolean hasRoutingListener(ExecuteListenerProvider[] providers) {
        for (ExecuteListenerProvider p : providers) {
            if (p == LISTENER || p.provide() instanceof RoutingExecuteListener) {
                return true;
            }
        }
        return false;
    }
}
