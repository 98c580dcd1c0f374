package io.cqrsrouting.samples.orders;

import io.cqrsrouting.annotation.Query;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** A JdbcTemplate report that a replica may serve. */
@Service
public class OrderReport {

    /** How many orders, and which node counted them. */
    public record Report(long orders, String servedBy) {
    }

    private final JdbcTemplate jdbc;

    public OrderReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Query
    public Report report() {
        return jdbc.queryForObject(
                "select count(*), current_setting('cluster_name') from purchase_order",
                (rs, i) -> new Report(rs.getLong(1), rs.getString(2)));
    }
}
