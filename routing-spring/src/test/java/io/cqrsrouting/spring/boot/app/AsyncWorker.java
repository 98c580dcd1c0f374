package io.cqrsrouting.spring.boot.app;

import java.util.concurrent.CompletableFuture;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/** Runs on Boot's application task executor. */
@Component
public class AsyncWorker {

    private final JdbcTemplate jdbc;

    public AsyncWorker(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Async
    public CompletableFuture<String> node() {
        return CompletableFuture.completedFuture(
                jdbc.queryForObject("select current_setting('cluster_name')", String.class));
    }
}
