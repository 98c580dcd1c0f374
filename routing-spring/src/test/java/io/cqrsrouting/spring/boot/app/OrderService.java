package io.cqrsrouting.spring.boot.app;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An application service using Boot's JdbcTemplate and transaction manager. */
@Service
public class OrderService {

    private static final String NODE = "select current_setting('cluster_name')";
    private static final String NODE_AND_PID =
            "select current_setting('cluster_name') || ':' || pg_backend_pid()";

    private final JdbcTemplate jdbc;
    private final AsyncWorker async;

    public OrderService(JdbcTemplate jdbc, AsyncWorker async) {
        this.jdbc = jdbc;
        this.async = async;
    }

    @Query
    public String recentOrders() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Command
    public String placeOrder() {
        return jdbc.queryForObject(NODE, String.class);
    }

    public String unannotated() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Transactional
    @Query
    public List<String> report() {
        return List.of(jdbc.queryForObject(NODE_AND_PID, String.class),
                jdbc.queryForObject(NODE_AND_PID, String.class));
    }

    @Transactional(readOnly = true)
    public List<String> readOnlyReport() {
        return List.of(jdbc.queryForObject(NODE_AND_PID, String.class),
                jdbc.queryForObject(NODE_AND_PID, String.class));
    }

    @Transactional
    @Command
    public List<String> transactionalCommand() {
        return List.of(jdbc.queryForObject(NODE_AND_PID, String.class),
                jdbc.queryForObject(NODE_AND_PID, String.class));
    }

    @Query
    public String asyncInsideQuery() {
        return async.node().join();
    }
}
