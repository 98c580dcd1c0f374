package io.cqrsrouting.samples.orders;

import io.cqrsrouting.annotation.Query;

import java.sql.PreparedStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/** JdbcTemplate: a {@code @Query} method may be served by a replica; everything else is a write. */
@Service
public class JdbcOrders implements OrderStore {

    private final JdbcTemplate jdbc;

    public JdbcOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long place(String item) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(
                    "insert into purchase_order (item) values (?)", new String[] {"id"});
            ps.setString(1, item);
            return ps;
        }, key);
        return key.getKeyAs(Long.class);
    }

    @Query
    @Override
    public Report report() {
        return jdbc.queryForObject(
                "select count(*), current_setting('cluster_name') from purchase_order",
                (rs, i) -> new Report(rs.getLong(1), rs.getString(2)));
    }
}
