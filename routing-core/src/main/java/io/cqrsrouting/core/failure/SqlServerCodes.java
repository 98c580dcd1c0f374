package io.cqrsrouting.core.failure;

/**
 * SQL Server / Azure SQL error numbers ({@code SQLException.getErrorCode()} of a mssql-jdbc
 * exception raised by the server) that the router recognises. Sources: Azure SQL "Troubleshooting
 * connectivity issues: list of transient fault error codes"; Microsoft.Data.SqlClient's
 * {@code SqlConfigurableRetryFactory} baseline transient errors; EF Core's
 * {@code SqlServerTransientExceptionDetector}; the SQL Server "Database engine events and errors"
 * reference (sys.messages). Numbers those lists carry that mssql-jdbc never reports are left out:
 * 233, 64, 997, 10053, 10054, 10060 and 121 are Windows socket / named-pipe codes that SqlClient
 * reports for transport failures; mssql-jdbc reports every transport failure as SQLState
 * {@code 08S01} with error code 0, which the classifier handles by SQLState.
 */
final class SqlServerCodes {

    private SqlServerCodes() {
    }

    /**
     * @param code a SQL Server error number
     * @return its kind, or {@code null} if the number is not one the router knows;
     *     {@link FailureKind#OTHER} for numbers that must never be retried whatever the SQLState
     */
    static FailureKind kind(int code) {
        switch (code) {
            // The database moves, restarts or is reconfigured (Azure: planned or unplanned
            // reconfigurations, usually under 60 s): 926 database marked SUSPECT during the last
            // stage of a reconfiguration, 4060 cannot open the database requested by the login,
            // 40197 service error processing the request (failover, upgrade; the reason code in the
            // message, such as 40020, 40143, 40166 or 40540, also arrives on its own), 40613
            // database not currently available, 615 database ID not found (stale after a move),
            // 40020 database in transition, transactions terminated, 40143 / 40166 / 40540 service
            // errors during a reconfiguration, 921 database not recovered yet, 941 database not
            // started, 952 database in transition, 988 no quorum of nodes for high availability,
            // 40623 and 49802 the service cannot serve the database right now.
            case 926:
            case 4060:
            case 40197:
            case 40613:
            case 615:
            case 40020:
            case 40143:
            case 40166:
            case 40540:
            case 921:
            case 941:
            case 952:
            case 988:
            case 40623:
            case 49802:
            // Resource limits and busy service: 40501 service busy, 49918 not enough resources,
            // 49919 / 49920 too many operations in progress, 10928 resource limit reached, 10929
            // server too busy for the minimum guarantee, 1204 no lock resources available, 42108
            // SQL pool paused, 42109 SQL pool warming up.
            case 40501:
            case 49918:
            case 49919:
            case 49920:
            case 10928:
            case 10929:
            case 1204:
            case 42108:
            case 42109:
            // Logins refused for a while: 4221 login to a readable secondary waiting for row
            // versioning, 18401 server in script-upgrade mode (after a patch or a failover),
            // 17197 login timed out (heavy load).
            case 4221:
            case 18401:
            case 17197:
            // The transaction was rolled back and can be run again: 1205 deadlock victim (mssql-jdbc
            // maps it to SQLState 40001, but not with xopenStates=true), 3960 snapshot update
            // conflict, 3966 transaction rolled back by version store cleanup.
            case 1205:
            case 3960:
            case 3966:
                return FailureKind.TRANSIENT;
            // Readable-secondary conflicts with the primary's work: 3961 snapshot read failed
            // because DDL changed the object, 1219 session ended by a high-priority DDL, 3947
            // secondary compute failed to catch up redo, 3948 transaction ended by a replica state
            // change or ghost cleanup on the primary.
            case 3961:
            case 1219:
            case 3947:
            case 3948:
                return FailureKind.REPLICA_CONFLICT;
            // The endpoint reaches no readable copy: 982 no online secondary is enabled for
            // read-only access, 976 the database is in an availability group and not accessible
            // for queries (a secondary that is not readable). The endpoint is unavailable for reads,
            // not in conflict: try another endpoint.
            case 982:
            case 976:
                return FailureKind.CONNECTION_LOST;
            // Write rejected as read-only, nothing applied: 3906 the database is read-only; 978
            // a read-write login reached a secondary that takes only read-intent connections (the
            // primary moved away from the address connected to).
            case 3906:
            case 978:
                return FailureKind.READ_ONLY;
            // Login failed (wrong password, user or database permissions): never retried, even
            // with xopenStates=true, where mssql-jdbc reports it as SQLState 08001. Also 18452
            // (untrusted domain), 18486 (account locked) and 18487 / 18488 (password expired or
            // must be changed).
            case 18456:
            case 18452:
            case 18486:
            case 18487:
            case 18488:
                return FailureKind.OTHER;
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
            case 18401: // login refused: script upgrade mode
            case 17197: // login timed out
            case 976: // database not accessible (non-readable secondary), raised at login
            case 978: // read-write intent reached a read-intent-only secondary, at login
            case 982: // no readable secondary, raised at login
            case 18456: // login failed
            case 18452:
            case 18486:
            case 18487:
            case 18488:
                return true;
            default:
                return false;
        }
    }
}
