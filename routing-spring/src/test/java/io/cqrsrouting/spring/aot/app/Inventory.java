package io.cqrsrouting.spring.aot.app;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;

import org.springframework.jdbc.core.JdbcTemplate;

/** An annotated service: each method answers which node served it. */
public class Inventory implements StockQueries {

    private static final String NODE = "select current_setting('cluster_name')";

    private final JdbcTemplate jdbc;

    public Inventory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Query
    public String stock() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Override
    public String shelf() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Command
    public String restock() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Consistent
    public String reserved() {
        return jdbc.queryForObject(NODE, String.class);
    }
}
