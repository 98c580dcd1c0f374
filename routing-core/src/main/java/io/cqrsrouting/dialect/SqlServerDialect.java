package io.cqrsrouting.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * SQL Server and Azure SQL (Database, Managed Instance): read scale-out
 * ({@code applicationIntent=ReadOnly}), Always On availability groups, geo-replicas and
 * failover-group listeners.
 *
 * <p><b>Role</b>: {@code DATABASEPROPERTYEX(DB_NAME(), 'Updateability')} says whether the database
 * takes writes. A node is a replica when it is not writable, when its local replica-state row says
 * it is not the primary replica, or when its geo-replication link says it is the secondary (a
 * geo-secondary may report {@code is_primary_replica = 1}: that column describes the local
 * availability group, not geo-replication).
 *
 * <p><b>Positions</b>: {@code last_commit_lsn} of the local row, on both sides: on a primary the
 * last commit record written, on a replica the last commit record redone, so a caught-up replica
 * reports exactly the primary's position. The view is {@code sys.dm_database_replica_states} on
 * Azure SQL Database and Managed Instance (needs {@code VIEW DATABASE STATE}) and
 * {@code sys.dm_hadr_database_replica_states} on SQL Server (needs {@code VIEW SERVER STATE}; 2022
 * and later also {@code VIEW SERVER PERFORMANCE STATE}). Without the permission the probe still
 * reports the role and says, in {@link NodeState#positionsUnavailable()}, which {@code GRANT} is
 * missing; replicas then have no measurable lag, so bounded and read-your-writes reads go to the
 * primary.
 *
 * <p><b>Epochs</b>: a forced failover (data loss allowed) starts a new recovery fork on the new
 * primary. The fork ({@code sys.database_recovery_status.recovery_fork_guid}, SQL Server and
 * Managed Instance) is the position's timeline, on the primary and on every replica, so a replica
 * still on the old fork is never fresh. Azure SQL Database does not expose the fork: there the
 * timeline is unknown and positions are compared as before. A replica whose row says
 * {@code is_suspended = 1} redoes nothing and is reported as not receiving.
 *
 * <p><b>Hyperscale</b> ({@code DATABASEPROPERTYEX(DB_NAME(), 'Edition') = 'Hyperscale'}): the
 * local row of {@code sys.dm_hs_database_replicas(DB_ID())} says whether the node is the primary
 * (0), an HA secondary (1), a geo-replication forwarder (2) or a named replica (3); every role but
 * 0 is a replica, also where its own HA set calls it primary. A named replica has its own server
 * name: give it as a replica endpoint, probed over its own connection (its own position).
 *
 * <p>Positions are LSNs mapped to comparable numbers exactly where they can be and to the safe
 * side beyond that (see {@code SqlServerReplicaState}).
 */
public final class SqlServerDialect implements Dialect {

    private static final String INTENT = "applicationIntent";

    // One round trip that every login may run: role and engine edition (5 = Azure SQL Database,
    // 8 = Azure SQL Managed Instance; the others are SQL Server).
    // The service tier tells Hyperscale apart (Azure SQL Database only; NULL elsewhere).
    private static final String ROLE = "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability')"
            + " AS nvarchar(32)), CAST(SERVERPROPERTY('EngineEdition') AS int),"
            + " CAST(DATABASEPROPERTYEX(DB_NAME(), 'Edition') AS nvarchar(64))";

    // Times converted to UTC on the server (box SQL Server reports local time). Columns: 1 role
    // flag, 2 LSN, 3 commit time, 4 lag, 5 geo-link role, 6 suspended, 7 recovery fork.
    private static final String STATE_COLUMNS = "SELECT TOP 1 r.is_primary_replica,"
            + " r.last_commit_lsn,"
            + " DATEADD(minute, DATEDIFF(minute, SYSDATETIME(), SYSUTCDATETIME()),"
            + " r.last_commit_time), r.secondary_lag_seconds";
    private static final String GEO_ROLE = ", (SELECT TOP 1 CAST(g.role AS int)"
            + " FROM sys.dm_geo_replication_link_status g ORDER BY g.role DESC)";
    // The recovery fork the database is on: a forced failover starts a new one on the new
    // primary, and a replica shows the fork it redoes. SQL Server and Managed Instance only.
    private static final String FORK = ", CAST((SELECT f.recovery_fork_guid"
            + " FROM sys.database_recovery_status f WHERE f.database_id = DB_ID())"
            + " AS nvarchar(36))";
    private static final String LOCAL_ROW = " WHERE r.database_id = DB_ID() AND r.is_local = 1";
    // Hyperscale: the local replica's role among the database's replicas (0 primary, 1 HA
    // secondary, 2 geo-replication forwarder, 3 named replica).
    private static final String HYPERSCALE_ROLE = ", (SELECT TOP 1 CAST(h.replica_role AS int)"
            + " FROM sys.dm_hs_database_replicas(DB_ID()) h WHERE h.is_local = 1)";
    static final String AZURE_DB_STATE = STATE_COLUMNS + GEO_ROLE + ", r.is_suspended, NULL, NULL"
            + " FROM sys.dm_database_replica_states r" + LOCAL_ROW;
    static final String HYPERSCALE_STATE = STATE_COLUMNS + GEO_ROLE + ", r.is_suspended, NULL"
            + HYPERSCALE_ROLE + " FROM sys.dm_database_replica_states r" + LOCAL_ROW;
    static final String MANAGED_INSTANCE_STATE = STATE_COLUMNS + GEO_ROLE + ", r.is_suspended"
            + FORK + ", NULL FROM sys.dm_database_replica_states r" + LOCAL_ROW;
    static final String BOX_STATE = STATE_COLUMNS + ", NULL, r.is_suspended" + FORK
            + ", NULL FROM sys.dm_hadr_database_replica_states r" + LOCAL_ROW;
    // A Hyperscale replica with no local row in the replica-state view still says its role.
    static final String HYPERSCALE_ROLE_ONLY = "SELECT TOP 1 CAST(h.replica_role AS int)"
            + " FROM sys.dm_hs_database_replicas(DB_ID()) h WHERE h.is_local = 1";

    static final String GRANT_AZURE = "GRANT VIEW DATABASE STATE TO [<application user>]"
            + " (run in the application database)";
    static final String GRANT_BOX = "GRANT VIEW SERVER STATE TO [<application login>]"
            + " (run in master; SQL Server 2022 and later: VIEW SERVER PERFORMANCE STATE)";

    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT));

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
     * Returns the URL with every {@code applicationIntent} removed (the driver keeps the last of
     * several) and one {@code applicationIntent=ReadOnly} added; braced values are kept intact.
     *
     * @throws IllegalArgumentException if the driver would reject the URL (the message holds no
     *     part of it)
     */
    @Override
    public String readOnlyUrl(String primaryUrl) {
        return SqlServerUrl.parse(primaryUrl.trim()).with(INTENT, "ReadOnly").toUrl();
    }

    /**
     * Returns the failover group's read-only listener for its read-write listener, with
     * {@code applicationIntent=ReadOnly}: {@code <fog>.database.windows.net} (SQL Database) becomes
     * {@code <fog>.secondary.database.windows.net}, {@code <fog>.<dns-zone>.database.windows.net}
     * (Managed Instance) becomes {@code <fog>.secondary.<dns-zone>.database.windows.net}; other
     * clouds' suffixes ({@code database.chinacloudapi.cn}, {@code database.usgovcloudapi.net}, ...)
     * the same way. The read-only listener reaches the geo-secondary; the read-write listener with
     * {@code applicationIntent=ReadOnly} reaches a readable replica in the primary's region (or
     * the primary itself where the tier has no read scale-out).
     *
     * @param listenerUrl the read-write listener's JDBC URL
     * @return the read-only listener URL, or {@code null} if the host is not a listener name
     */
    public String failoverGroupReadOnlyUrl(String listenerUrl) {
        SqlServerUrl url = SqlServerUrl.parse(listenerUrl.trim());
        String host = url.host();
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.", -1);
        int database = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals("database")) {
                database = i;
                break;
            }
        }
        // One label before "database" (SQL Database) or two (Managed Instance: fog.zone), and at
        // least two labels after it (cloud suffix).
        if (database < 1 || database > 2 || labels.length - database < 3
                || labels[0].isEmpty() || labels[database - 1].equals("secondary")) {
            return null;
        }
        int firstDot = host.indexOf('.');
        String roHost = host.substring(0, firstDot) + ".secondary" + host.substring(firstDot);
        String server = url.server();
        int hostAt = server.indexOf(host);
        String roServer = server.substring(0, hostAt) + roHost
                + server.substring(hostAt + host.length());
        return url.withServer(roServer).with(INTENT, "ReadOnly").toUrl();
    }

    /**
     * Checks a URL for settings that make read-only routing silently reach the primary.
     *
     * @param url a SQL Server JDBC URL
     * @return a warning to log at start-up, or {@code null} if there is nothing to say
     */
    public String readOnlyRoutingWarning(String url) {
        SqlServerUrl parsed;
        try {
            parsed = SqlServerUrl.parse(url.trim());
        } catch (IllegalArgumentException e) {
            return null; // reported by the driver when it connects
        }
        String db = parsed.get("databaseName");
        if (db == null || db.isBlank()) {
            return "the URL " + parsed + " names no database (databaseName=...): read-only"
                    + " routing (applicationIntent=ReadOnly) needs one, without it the connection"
                    + " reaches the primary's default database";
        }
        return null;
    }

    @Override
    public NodeState probe(Connection connection) throws SQLException {
        boolean writable;
        int edition;
        boolean hyperscale;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROLE)) {
            rs.next();
            writable = "READ_WRITE".equalsIgnoreCase(rs.getString(1));
            edition = rs.getInt(2);
            hyperscale = edition == 5 && "Hyperscale".equalsIgnoreCase(rs.getString(3));
        }
        boolean azure = edition == 5 || edition == 8;
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(stateQuery(edition, hyperscale))) {
            if (!rs.next()) {
                // Not part of an availability group or geo-replication: a lone database, or a
                // Hyperscale replica without a row of its own.
                Object hsRole = hyperscale ? hyperscaleRole(connection) : null;
                return new NodeState(writable, !writable || SqlServerReplicaState.isHyperscaleSecondary(hsRole), -1, -1,
                        -1, null);
            }
            return SqlServerReplicaState.fromReplicaState(writable, rs.getObject(1), rs.getBigDecimal(2),
                    rs.getTimestamp(3, UTC.get()), rs.getObject(4), rs.getObject(5),
                    rs.getObject(6), rs.getString(7), rs.getObject(8));
        } catch (SQLException e) {
            if (!SqlServerReplicaState.isPermissionOrMissingView(e)) {
                throw e;
            }
            return SqlServerReplicaState.withoutPositions(writable, azure, e.getErrorCode());
        }
    }

    /**
     * @param engineEdition {@code SERVERPROPERTY('EngineEdition')}
     * @return the replica-state query for that engine
     */
    static String stateQuery(int engineEdition, boolean hyperscale) {
        return engineEdition == 5 ? (hyperscale ? HYPERSCALE_STATE : AZURE_DB_STATE)
                : engineEdition == 8 ? MANAGED_INSTANCE_STATE : BOX_STATE;
    }

    private static Object hyperscaleRole(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(HYPERSCALE_ROLE_ONLY)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    @Override
    public long commitPosition(Connection connection) throws SQLException {
        NodeState state = probe(connection);
        return state.writable() && !state.replica() ? state.position() : -1;
    }

}
