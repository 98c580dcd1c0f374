package io.cqrsrouting.benchmark.overhead;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The work every mode does: take the connection (the transaction's, if one is bound, as
 * {@code JdbcTemplate} would), run one statement, read the row, give the connection back.
 */
final class Jdbc {

    static final String SELECT = "select 1";
    static final String UPDATE = "update counters set n = n + 1 where id = 1";

    private Jdbc() {
    }

    static int read(DataSource ds) throws SQLException {
        Connection c = DataSourceUtils.getConnection(ds);
        try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } finally {
            DataSourceUtils.releaseConnection(c, ds);
        }
    }

    static int write(DataSource ds) throws SQLException {
        Connection c = DataSourceUtils.getConnection(ds);
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            return ps.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(c, ds);
        }
    }
}
