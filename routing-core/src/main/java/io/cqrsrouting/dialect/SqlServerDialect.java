package io.cqrsrouting.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL Server and Azure SQL Database: read scale-out ({@code applicationIntent=ReadOnly}),
 * Always On availability groups, geo-replicas and failover-group listeners.
 *
 * <p>Role: {@code DATABASEPROPERTYEX(DB_NAME(), 'Updateability')}. Replay state:
 * {@code sys.dm_database_replica_states} for the local database ({@code last_redone_lsn},
 * {@code secondary_lag_seconds}, {@code last_commit_time}) where the login may read it
 * (VIEW DATABASE STATE); without that permission only the role is known.
 *
 * <p>An LSN ({@code numeric(25,0)}: VLF sequence, log block, slot) becomes the position
 * {@code vlf << 32 | block}; tokens round up and replayed positions round down, so a replica in
 * the same log block as the token is not taken as caught up.
 */
public final class SqlServerDialect implements Dialect {

    private static final Pattern INTENT = Pattern.compile("(?i)(;\\s*applicationIntent\\s*=\\s*)([^;]*)");

    private static final String ROLE = "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability')"
            + " AS nvarchar(32))";
    private static final String REPLICA_STATE = "SELECT TOP 1 last_redone_lsn, last_commit_lsn,"
            + " secondary_lag_seconds, last_commit_time, is_primary_replica"
            + " FROM sys.dm_database_replica_states WHERE database_id = DB_ID() AND is_local = 1";

    private static final BigInteger TEN_POW_15 = BigInteger.TEN.pow(15);
    private static final BigInteger TEN_POW_5 = BigInteger.TEN.pow(5);

    @Override
    public String name() {
        return "sqlserver";
    }

    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:sqlserver:", 0, 15);
    }

    @Override
    public boolean acceptsProduct(String databaseProductName) {
        return databaseProductName != null
                && databaseProductName.toLowerCase(Locale.ROOT).contains("sql server");
    }

    /**
     * Adds {@code applicationIntent=ReadOnly} to the URL, replacing any other intent given.
     * A failover-group listener {@code <fog>.database.windows.net} becomes its read-only listener
     * {@code <fog>.secondary.database.windows.net}.
     */
    @Override
    public String readOnlyUrl(String primaryUrl) {
        String url = primaryUrl.trim();
        Matcher m = INTENT.matcher(url);
        if (m.find()) {
            url = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "ReadOnly"));
        } else {
            url = (url.endsWith(";") ? url : url + ";") + "applicationIntent=ReadOnly";
        }
        return url;
    }

    /**
     * Returns the failover group's read-only listener URL for a read-write listener URL
     * ({@code <fog>.database.windows.net} → {@code <fog>.secondary.database.windows.net}),
     * with {@code applicationIntent=ReadOnly}.
     *
     * @param listenerUrl the read-write listener's JDBC URL
     * @return the read-only listener URL, or {@code null} if the host is not a listener name
     */
    public String failoverGroupReadOnlyUrl(String listenerUrl) {
        Matcher host = Pattern.compile("(?i)^(jdbc:sqlserver://)([^.;:/\\\\]+)(\\.database\\.windows\\.net)")
                .matcher(listenerUrl.trim());
        if (!host.find()) {
            return null;
        }
        return readOnlyUrl(host.replaceFirst(Matcher.quoteReplacement(
                host.group(1) + host.group(2) + ".secondary" + host.group(3))));
    }

    @Override
    public NodeState probe(Connection connection) throws SQLException {
        boolean writable;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROLE)) {
            rs.next();
            writable = "READ_WRITE".equalsIgnoreCase(rs.getString(1));
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(REPLICA_STATE)) {
            if (!rs.next()) {
                return new NodeState(writable, !writable, -1, writable ? -1 : -1, -1);
            }
            boolean primary = rs.getBoolean(5);
            long position = primary ? lsnToPosition(rs.getBigDecimal(2), true)
                    : lsnToPosition(rs.getBigDecimal(1), false);
            Object lagSeconds = rs.getObject(3);
            Timestamp lastCommit = rs.getTimestamp(4);
            long lag = lagSeconds == null ? -1 : ((Number) lagSeconds).longValue() * 1000L;
            return new NodeState(writable, !primary, position, primary ? -1 : lag,
                    lastCommit == null ? -1 : lastCommit.getTime());
        } catch (SQLException noPermission) {
            // VIEW DATABASE STATE not granted (or no replica states): the role is all we know.
            return new NodeState(writable, !writable, -1, -1, -1);
        }
    }

    @Override
    public long commitPosition(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(REPLICA_STATE)) {
            if (!rs.next()) {
                return -1;
            }
            return lsnToPosition(rs.getBigDecimal(2), true);
        } catch (SQLException noPermission) {
            return -1;
        }
    }

    /**
     * Maps a {@code numeric(25,0)} LSN to a comparable {@code long}.
     *
     * @param lsn the LSN, possibly null
     * @param roundUp {@code true} for tokens (a partial block counts as the next block)
     * @return the position, or {@code -1} for null
     */
    static long lsnToPosition(BigDecimal lsn, boolean roundUp) {
        if (lsn == null) {
            return -1;
        }
        BigInteger[] vlfRest = lsn.toBigInteger().divideAndRemainder(TEN_POW_15);
        BigInteger[] blockSlot = vlfRest[1].divideAndRemainder(TEN_POW_5);
        long position = (vlfRest[0].longValue() << 32) | blockSlot[0].longValue();
        return roundUp && blockSlot[1].signum() > 0 ? position + 1 : position;
    }
}
