package io.cqrsrouting.core.failure;

/**
 * SQL Server / Azure SQL error numbers ({@code SQLException.getErrorCode()} of a mssql-jdbc
 * exception raised by the server) that the router recognises. Sources: Azure SQL "Troubleshooting
 * connectivity issues — list of transient fault error codes"; Microsoft.Data.SqlClient
 * {@code SqlConfigurableRetryFactory} baseline transient errors; the SQL Server "Database engine
 * events and errors" reference (sys.messages).
 */
final class SqlServerCodes {

    private SqlServerCodes() {
    }

    /**
     * @param code a SQL Server error number
     * @return its kind, or {@code null} if the number is not one the router knows
     */
    static FailureKind kind(int code) {
        switch (code) {
            // Azure transient faults, raised while the database moves or restarts: 926 database
            // marked SUSPECT during a reconfiguration, 4060 cannot open database requested by the
            // login, 40197 service error processing the request (failover, upgrade), 40501 service
            // busy, 40613 database not currently available, 615 could not find database ID (stale
            // cache after a move).
            case 926:
            case 4060:
            case 40197:
            case 40501:
            case 40613:
            case 615:
            // Azure resource limits: 49918 not enough resources, 49919/49920 too many operations
            // in progress, 10928 resource limit reached, 10929 server too busy for the minimum
            // guarantee.
            case 49918:
            case 49919:
            case 49920:
            case 10928:
            case 10929:
            // SqlClient's baseline list: 40143 and 40540 service error processing the request,
            // 42108 SQL pool paused, 42109 SQL pool warming up.
            case 40143:
            case 40540:
            case 42108:
            case 42109:
            // 4221: login to a readable secondary failed waiting for row versioning to start.
            case 4221:
            // 1205: chosen as deadlock victim, transaction rolled back (mssql-jdbc also maps it to
            // SQLState 40001, but not when xopenStates=true).
            case 1205:
                return FailureKind.TRANSIENT;
            // Client network-library errors reported by SqlClient (233 no process at the other end
            // during login, 64 network name no longer available during login, 10053 connection
            // aborted, 10054 connection reset by peer, 10060 connection attempt timed out). They
            // mean the transport is gone, so they are connection-level here; mssql-jdbc itself
            // reports transport failures as SQLState 08S01 with error code 0.
            case 233:
            case 64:
            case 10053:
            case 10054:
            case 10060:
                return FailureKind.CONNECTION_LOST;
            // Readable-secondary conflicts with the primary: 3961 snapshot transaction failed
            // because DDL changed the object, 1219 session disconnected by a high-priority DDL,
            // 3947 secondary compute failed to catch up redo, 3948 transaction ended by a replica
            // state change or ghost cleanup on the primary, 982 no online secondary replica enabled
            // for read-only access.
            case 3961:
            case 1219:
            case 3947:
            case 3948:
            case 982:
                return FailureKind.REPLICA_CONFLICT;
            // 3906: failed to update database because the database is read-only.
            case 3906:
                return FailureKind.READ_ONLY;
            default:
                return null;
        }
    }

    /**
     * @param code a SQL Server error number
     * @return whether the error is only raised while a connection is being opened (so nothing of
     *     the caller's work reached the database)
     */
    static boolean atLogin(int code) {
        switch (code) {
            case 4060: // cannot open database requested by the login
            case 4221: // login to read-secondary failed
            case 42108: // cannot connect: SQL pool paused
            case 42109: // SQL pool warming up (connect)
            case 233: // error during login / connection initialisation
            case 64: // error during the login process
            case 10060: // error while establishing a connection
                return true;
            default:
                return false;
        }
    }
}
