package io.cqrsrouting.samples.orders;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders sample: starts an embedded PostgreSQL primary + hot standby, points
 * {@code cqrs.routing.*} at them and runs the application on port 8080 (override with
 * {@code --server.port=...}). Try:
 *
 * <pre>
 * curl -i -c jar -X POST 'localhost:8080/orders?item=book'   # 303, writes on the primary, sets the token cookie
 * curl -b jar localhost:8080/orders/1                       # your own write, even if the standby lags
 * curl localhost:8080/orders/report                         # served by the standby
 * curl 'localhost:8080/orders/report?via=jooq'              # the same through jOOQ (or jpa, mybatis)
 * curl localhost:8080/actuator/prometheus | grep cqrs_routing
 * </pre>
 */
@SpringBootApplication
public class OrdersSample {

    public static void main(String[] args) {
        PostgresReplicaSet set = PostgresReplicaSet.start(1);
        Runtime.getRuntime().addShutdownHook(new Thread(set::close, "replica-set-stop"));
        SpringApplication app = new SpringApplication(OrdersSample.class);
        app.setDefaultProperties(replicaSetProperties(set));
        app.run(args);
    }

    /**
     * @param set the running replica set
     * @return the {@code cqrs.routing.*} properties that point the router at it
     */
    public static java.util.Properties replicaSetProperties(PostgresReplicaSet set) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("cqrs.routing.name", "orders");
        p.setProperty("cqrs.routing.primary.url", set.primaryJdbcUrl());
        p.setProperty("cqrs.routing.primary.username", set.username());
        p.setProperty("cqrs.routing.primary.password", set.password());
        p.setProperty("cqrs.routing.replicas[0].url", set.standbyJdbcUrl(0));
        p.setProperty("cqrs.routing.replicas[0].username", set.username());
        p.setProperty("cqrs.routing.replicas[0].password", set.password());
        return p;
    }
}
