package io.cqrsrouting.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * Turns what {@link SqlServerDialect}'s probe read into a {@link NodeState}: role, position,
 * recovery fork, suspension, and the state of a node whose positions cannot be read.
 *
 * <p>An LSN ({@code numeric(25,0)}: VLF sequence × 10<sup>15</sup> + log block × 10<sup>5</sup>
 * + slot) maps to the position {@code vlf << 41 | block << 9 | slot}, exact for VLF sequences
 * below 2<sup>22</sup>, blocks below 2<sup>32</sup> and slots below 512. Beyond a bound the mapping
 * stays on the safe side: a larger slot makes a token round up to the next block and a replayed
 * position round down; an LSN beyond the other bounds is unknown ({@code -1}), which sends
 * bounded and read-your-writes reads to the primary.
 */
final class SqlServerReplicaState {

    private static final BigInteger TEN_POW_15 = BigInteger.TEN.pow(15);
    private static final BigInteger TEN_POW_5 = BigInteger.TEN.pow(5);
    private static final long MAX_VLF = 1L << 22;
    private static final long MAX_BLOCK = 1L << 32;
    private static final long MAX_SLOT = 1L << 9;

    private SqlServerReplicaState() {
    }

    /**
     * @param hyperscaleRole {@code replica_role} of the local row of
     *     {@code sys.dm_hs_database_replicas}, or null if none
     * @return whether it names a secondary: an HA secondary (1), a geo-replication forwarder (2)
     *     or a named replica (3), whatever the node's own HA set calls it
     */
    static boolean isHyperscaleSecondary(Object hyperscaleRole) {
        if (hyperscaleRole == null) {
            return false;
        }
        int role = ((Number) hyperscaleRole).intValue();
        return role >= 1 && role <= 3;
    }

    /**
     * Reads the role and position from the local row of the replica-state view, without fork or
     * suspension information.
     */
    static NodeState fromReplicaState(boolean writable, Object primaryFlag, BigDecimal lsn,
            Timestamp lastCommit, Object lagSeconds, Object geoRole) {
        return fromReplicaState(writable, primaryFlag, lsn, lastCommit, lagSeconds, geoRole, null,
                null, null);
    }

    /** Reads the role and position from the local row, without Hyperscale information. */
    static NodeState fromReplicaState(boolean writable, Object primaryFlag, BigDecimal lsn,
            Timestamp lastCommit, Object lagSeconds, Object geoRole, Object suspended,
            String forkGuid) {
        return fromReplicaState(writable, primaryFlag, lsn, lastCommit, lagSeconds, geoRole,
                suspended, forkGuid, null);
    }

    /**
     * Reads the role and position from the local row of the replica-state view.
     *
     * @param writable whether Updateability said READ_WRITE
     * @param primaryFlag {@code is_primary_replica} (bit), possibly null
     * @param lsn {@code last_commit_lsn}, possibly null
     * @param lastCommit {@code last_commit_time} in UTC, possibly null
     * @param lagSeconds {@code secondary_lag_seconds}, possibly null
     * @param geoRole the geo-replication link role (0 primary, 1 secondary), or null if none
     * @param suspended {@code is_suspended} (bit), possibly null
     * @param forkGuid {@code recovery_fork_guid} as the driver's string, or null if not visible
     * @param hyperscaleRole {@code sys.dm_hs_database_replicas.replica_role} of the local row,
     *     or null when not Hyperscale
     * @return the node's state
     */
    static NodeState fromReplicaState(boolean writable, Object primaryFlag, BigDecimal lsn,
            Timestamp lastCommit, Object lagSeconds, Object geoRole, Object suspended,
            String forkGuid, Object hyperscaleRole) {
        boolean geoSecondary = geoRole != null && ((Number) geoRole).intValue() == 1;
        boolean notPrimaryReplica = primaryFlag != null && !toBoolean(primaryFlag);
        // A named replica (or geo forwarder) has its own HA set and may call itself primary there.
        boolean replica = !writable || geoSecondary || notPrimaryReplica
                || isHyperscaleSecondary(hyperscaleRole);
        long position = lsnToPosition(lsn, !replica);
        long lag = replica && lagSeconds != null ? ((Number) lagSeconds).longValue() * 1000L : -1;
        // A suspended replica redoes nothing: never fresh, whatever its position says.
        boolean receiving = !replica || suspended == null || !toBoolean(suspended);
        return new NodeState(writable, replica, position, lag,
                lastCommit == null ? -1 : lastCommit.getTime(), forkTimeline(forkGuid), receiving,
                lsn == null ? "last_commit_lsn is not reported for this database" : null);
    }

    /**
     * Maps a recovery fork to a timeline: equal forks give equal timelines, and a timeline is
     * never {@link NodeState#UNKNOWN_TIMELINE}.
     *
     * @param forkGuid {@code recovery_fork_guid} as text, or null when it is not visible
     * @return the timeline, or {@link NodeState#UNKNOWN_TIMELINE} for null or unparsable text
     */
    static long forkTimeline(String forkGuid) {
        if (forkGuid == null) {
            return NodeState.UNKNOWN_TIMELINE;
        }
        UUID fork;
        try {
            fork = UUID.fromString(forkGuid.trim());
        } catch (IllegalArgumentException e) {
            return NodeState.UNKNOWN_TIMELINE;
        }
        // 128 bits to 63 through a bijective mix, so that every bit of the fork counts.
        long z = fork.getMostSignificantBits() * 0x9E3779B97F4A7C15L
                + fork.getLeastSignificantBits();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /**
     * @param writable whether Updateability said READ_WRITE
     * @param azure whether the engine is Azure SQL Database or Managed Instance
     * @param errorCode the SQL Server error the replica-state query failed with
     * @return the state of a node whose positions cannot be read, naming the missing grant
     */
    static NodeState withoutPositions(boolean writable, boolean azure, int errorCode) {
        String fix = errorCode == 208 || errorCode == 207
                ? "this server has no usable replica-state view ("
                        + (azure ? "sys.dm_database_replica_states" : "sys.dm_hadr_database_replica_states")
                        + "; SQL Server 2016 or later is needed)"
                : "the login needs " + (azure ? SqlServerDialect.GRANT_AZURE : SqlServerDialect.GRANT_BOX);
        return new NodeState(writable, !writable, -1, -1, -1, "replica positions are unavailable"
                + " (SQL Server error " + errorCode + "): bounded-staleness and read-your-writes"
                + " reads go to the primary; " + fix);
    }

    private static boolean toBoolean(Object flag) {
        return flag instanceof Boolean ? (Boolean) flag : ((Number) flag).intValue() != 0;
    }

    /**
     * @param e the failure of the replica-state query
     * @return whether it means "not permitted" or "no such view", rather than a broken connection
     */
    static boolean isPermissionOrMissingView(SQLException e) {
        switch (e.getErrorCode()) {
            case 297: // the user does not have permission to perform this action
            case 300: // VIEW SERVER STATE / VIEW DATABASE STATE permission was denied
            case 262: // permission denied in database
            case 229: // permission denied on object
            case 208: // invalid object name (the view does not exist in this edition)
            case 207: // invalid column name (secondary_lag_seconds: before SQL Server 2016)
                return true;
            default:
                return false;
        }
    }

    /**
     * Maps a {@code numeric(25,0)} LSN to a comparable {@code long} (see the class comment).
     *
     * @param lsn the LSN, possibly null
     * @param token {@code true} for a primary position (a token: rounds up when it cannot be
     *     exact), {@code false} for a replayed position (rounds down)
     * @return the position, or {@code -1} for null or an LSN beyond the exact range
     */
    static long lsnToPosition(BigDecimal lsn, boolean token) {
        if (lsn == null || lsn.signum() < 0) {
            return -1;
        }
        BigInteger[] vlfRest = lsn.toBigInteger().divideAndRemainder(TEN_POW_15);
        BigInteger[] blockSlot = vlfRest[1].divideAndRemainder(TEN_POW_5);
        if (vlfRest[0].bitLength() > 62) {
            return -1;
        }
        long vlf = vlfRest[0].longValue();
        long block = blockSlot[0].longValue();
        long slot = blockSlot[1].longValue();
        if (slot >= MAX_SLOT) {
            if (token) {
                block++;
                slot = 0;
            } else {
                slot = MAX_SLOT - 1;
            }
        }
        if (vlf >= MAX_VLF || block >= MAX_BLOCK) {
            return -1;
        }
        return vlf << 41 | block << 9 | slot;
    }
}
