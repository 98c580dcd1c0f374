package io.cqrsrouting.spring.metrics.app;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Annotated reads and writes through Boot's JdbcTemplate; each returns the node that served it. */
@Service
public class Catalog {

    private static final String NODE = "select current_setting('cluster_name')";

    private final JdbcTemplate jdbc;

    public Catalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Query
    public String find() {
        return jdbc.queryForObject(NODE, String.class);
    }

    @Command
    public String save() {
        return jdbc.queryForObject(NODE, String.class);
    }
}
