package io.cqrsrouting.dialect;

import com.microsoft.sqlserver.jdbc.SQLServerError;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.sql.Timestamp;

import static io.cqrsrouting.dialect.SqlServerUrlTest.driverValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL Server specifics, checked against the real mssql-jdbc driver's own URL parser. */
class SqlServerDialectTest {

    private final SqlServerDialect dialect = new SqlServerDialect();

    @Test
    void readOnlyUrlAddsApplicationIntentTheDriverUnderstands() throws Exception {
        String ro = dialect.readOnlyUrl("jdbc:sqlserver://srv.database.windows.net:1433;"
                + "databaseName=app;encrypt=true");
        assertThat(driverValue(ro, "applicationIntent")).isEqualTo("ReadOnly");
        assertThat(driverValue(ro, "databaseName")).isEqualTo("app");
    }

    @Test
    void readOnlyUrlRemovesEveryIntentTheDriverWouldOtherwiseKeep() throws Exception {
        String primary = "jdbc:sqlserver://srv:1433;applicationIntent=ReadOnly;databaseName=app;"
                + "applicationIntent=ReadWrite";
        assertThat(driverValue(primary, "applicationIntent")).isEqualTo("ReadWrite");
        String ro = dialect.readOnlyUrl(primary);
        assertThat(driverValue(ro, "applicationIntent")).isEqualTo("ReadOnly");
        assertThat(ro).doesNotContainIgnoringCase("ReadWrite");
    }

    @Test
    void readOnlyUrlLeavesBracedValuesIntact() throws Exception {
        String primary = "jdbc:sqlserver://srv;databaseName=app;password={p;applicationIntent="
                + "ReadWrite};applicationName={x;applicationIntent=ReadWrite}";
        String ro = dialect.readOnlyUrl(primary);
        assertThat(driverValue(ro, "applicationIntent")).isEqualTo("ReadOnly");
        assertThat(driverValue(ro, "applicationName")).isEqualTo("x;applicationIntent=ReadWrite");
        assertThat(SqlServerUrl.parse(ro).get("password")).isEqualTo("p;applicationIntent=ReadWrite");
    }

    @Test
    void readOnlyUrlOfAnUnparsableUrlFailsWithoutQuotingIt() {
        assertThatThrownBy(() -> dialect.readOnlyUrl("jdbc:sqlserver://h;password={s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void primaryUrlParsesAsReadWriteByDefault() throws Exception {
        assertThat(driverValue("jdbc:sqlserver://srv:1433;databaseName=app", "applicationIntent"))
                .isEqualToIgnoringCase("ReadWrite");
    }

    @Test
    void failoverGroupListenerMapsToItsSecondaryListener() throws Exception {
        String ro = dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://myfog.database.windows.net:1433;databaseName=app");
        assertThat(driverValue(ro, "serverName")).isEqualTo("myfog.secondary.database.windows.net");
        assertThat(driverValue(ro, "portNumber")).isEqualTo("1433");
        assertThat(driverValue(ro, "applicationIntent")).isEqualTo("ReadOnly");
        assertThat(driverValue(ro, "databaseName")).isEqualTo("app");
    }

    @Test
    void managedInstanceAndOtherCloudListenersMapToo() throws Exception {
        String mi = dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://fog1.a1b2c3d4e5f6.database.windows.net;databaseName=app");
        assertThat(driverValue(mi, "serverName"))
                .isEqualTo("fog1.secondary.a1b2c3d4e5f6.database.windows.net");
        String china = dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://fog.database.chinacloudapi.cn:1433;databaseName=app");
        assertThat(driverValue(china, "serverName"))
                .isEqualTo("fog.secondary.database.chinacloudapi.cn");
        String gov = dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://Fog.Database.UsGovCloudApi.Net;databaseName=app");
        assertThat(driverValue(gov, "serverName")).isEqualTo("Fog.secondary.Database.UsGovCloudApi.Net");
    }

    @Test
    void nonListenerHostsHaveNoReadOnlyListener() {
        assertThat(dialect.failoverGroupReadOnlyUrl("jdbc:sqlserver://10.0.0.1;databaseName=x"))
                .isNull();
        assertThat(dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://fog.secondary.database.windows.net;databaseName=x")).isNull();
        assertThat(dialect.failoverGroupReadOnlyUrl("jdbc:sqlserver://db.example.com;databaseName=x"))
                .isNull();
        assertThat(dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://a.b.c.database.windows.net;databaseName=x")).isNull();
    }

    @Test
    void warnsWhenNoDatabaseIsNamedAndNeverShowsThePassword() {
        String warning = dialect.readOnlyRoutingWarning(
                "jdbc:sqlserver://srv;password={a;b};applicationIntent=ReadOnly");
        assertThat(warning).contains("databaseName").doesNotContain("a;b");
        assertThat(dialect.readOnlyRoutingWarning("jdbc:sqlserver://srv;database=app")).isNull();
        assertThat(dialect.readOnlyRoutingWarning("jdbc:sqlserver://srv;databaseName=app")).isNull();
    }

    @Test
    void recognisesItsUrlsAndProduct() {
        assertThat(dialect.acceptsUrl("jdbc:sqlserver://x")).isTrue();
        assertThat(dialect.acceptsUrl("jdbc:postgresql://x")).isFalse();
        assertThat(dialect.acceptsProduct("Microsoft SQL Server")).isTrue();
        assertThat(Dialects.forUrl("jdbc:sqlserver://x;a=b")).isInstanceOf(SqlServerDialect.class);
    }

    // LSN 0000002A:00000150:0003 as numeric(25,0): vlf 42, block 336, slot 3
    private static final BigDecimal LSN = new BigDecimal("42000000033600003");

    @Test
    void aCaughtUpReplicaReportsExactlyThePrimarysPosition() {
        assertThat(SqlServerReplicaState.lsnToPosition(LSN, false))
                .isEqualTo(SqlServerReplicaState.lsnToPosition(LSN, true));
    }

    @Test
    void positionsOrderLikeLsnsDownToTheSlot() {
        long token = SqlServerReplicaState.lsnToPosition(LSN, true);
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("42000000033600002"), false))
                .isLessThan(token);
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("42000000033600004"), false))
                .isGreaterThan(token);
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("42000000033599999"), false))
                .isLessThan(token);
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("43000000000100000"), false))
                .isGreaterThan(token);
        assertThat(SqlServerReplicaState.lsnToPosition(null, true)).isEqualTo(-1);
    }

    @Test
    void beyondTheExactRangePositionsErrOnTheSafeSide() {
        BigDecimal bigSlot = new BigDecimal("42000000033600700");
        long token = SqlServerReplicaState.lsnToPosition(bigSlot, true);
        long replayed = SqlServerReplicaState.lsnToPosition(bigSlot, false);
        assertThat(replayed).isLessThan(token);
        assertThat(token).isLessThanOrEqualTo(
                SqlServerReplicaState.lsnToPosition(new BigDecimal("42000000033700000"), false));
        assertThat(replayed).isGreaterThan(SqlServerReplicaState.lsnToPosition(LSN, false));
        // VLF sequence 2^22 and beyond: unknown
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("4194304000000000100001"), true))
                .isEqualTo(-1);
        assertThat(SqlServerReplicaState.lsnToPosition(new BigDecimal("4194303000000000100001"), true))
                .isPositive();
    }

    @Test
    void aGeoSecondaryIsAReplicaEvenWhenItCallsItselfPrimaryReplica() {
        // Geo-secondary: its local row says is_primary_replica = 1 (its own HA primary), the
        // database is read-only and the geo link says secondary.
        NodeState geo = SqlServerReplicaState.fromReplicaState(false, true, LSN, null, 3, 1);
        assertThat(geo.replica()).isTrue();
        assertThat(geo.writable()).isFalse();
        // Even if the geo view were not visible, READ_ONLY makes it a replica.
        assertThat(SqlServerReplicaState.fromReplicaState(false, true, LSN, null, null, null).replica())
                .isTrue();
    }

    @Test
    void thePrimaryAndAReadScaleOutReplicaCompareTheSameQuantity() {
        Timestamp t = new Timestamp(1_700_000_000_000L);
        NodeState primary = SqlServerReplicaState.fromReplicaState(true, true, LSN, t, null, 0);
        NodeState replica = SqlServerReplicaState.fromReplicaState(false, false, LSN, t, null, null);
        assertThat(primary.replica()).isFalse();
        assertThat(replica.replica()).isTrue();
        assertThat(replica.position()).isEqualTo(primary.position()).isPositive();
        assertThat(replica.lastReplayEpochMillis()).isEqualTo(t.getTime());
        assertThat(primary.positionsUnavailable()).isNull();
        assertThat(primary.lagMillis()).isEqualTo(-1);
    }

    @Test
    void aMissingGrantIsNamed() {
        NodeState azure = SqlServerReplicaState.withoutPositions(true, true, 300);
        assertThat(azure.positionsUnavailable()).contains("GRANT VIEW DATABASE STATE");
        assertThat(azure.position()).isEqualTo(-1);
        assertThat(azure.replica()).isFalse();
        NodeState box = SqlServerReplicaState.withoutPositions(false, false, 297);
        assertThat(box.positionsUnavailable()).contains("GRANT VIEW SERVER STATE");
        assertThat(box.replica()).isTrue();
        NodeState old = SqlServerReplicaState.withoutPositions(true, false, 207);
        assertThat(old.positionsUnavailable()).contains("2016").doesNotContain("GRANT");
    }

    @Test
    void permissionAndMissingViewErrorsAreToldApartFromBrokenConnections() throws Exception {
        assertThat(SqlServerReplicaState.isPermissionOrMissingView(serverError(300, 14,
                "VIEW DATABASE STATE permission denied in database 'app'."))).isTrue();
        assertThat(SqlServerReplicaState.isPermissionOrMissingView(serverError(297, 16,
                "The user does not have permission to perform this action."))).isTrue();
        assertThat(SqlServerReplicaState.isPermissionOrMissingView(serverError(208, 16,
                "Invalid object name 'sys.dm_database_replica_states'."))).isTrue();
        assertThat(SqlServerReplicaState.isPermissionOrMissingView(serverError(207, 16,
                "Invalid column name 'secondary_lag_seconds'."))).isTrue();
        assertThat(SqlServerReplicaState.isPermissionOrMissingView(serverError(40613, 17,
                "Database 'app' on server 'srv' is not currently available."))).isFalse();
    }

    /** The text mssql-jdbc's getString returns for a uniqueidentifier sent as {@code wire}. */
    static String driverGuidText(byte[] wire) throws Exception {
        java.lang.reflect.Method read = Class.forName("com.microsoft.sqlserver.jdbc.Util")
                .getDeclaredMethod("readGUID", byte[].class);
        read.setAccessible(true);
        return (String) read.invoke(null, (Object) wire);
    }

    /** The bytes SQL Server sends for {@code guid} (mixed-endian), as the driver encodes them. */
    static byte[] wireGuid(java.util.UUID guid) throws Exception {
        java.lang.reflect.Method encode = Class.forName("com.microsoft.sqlserver.jdbc.Util")
                .getDeclaredMethod("asGuidByteArray", java.util.UUID.class);
        encode.setAccessible(true);
        return (byte[]) encode.invoke(null, guid);
    }

    @Test
    void theRecoveryForkAsTheDriverReadsItIsThePositionsTimeline() throws Exception {
        java.util.UUID forkA = java.util.UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        java.util.UUID forkB = java.util.UUID.fromString("0e984725-c51c-4bf4-9960-e1c80e27aba0");
        String a = driverGuidText(wireGuid(forkA));
        assertThat(a).isEqualToIgnoringCase(forkA.toString()); // the driver's own round trip
        NodeState primary = SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null,
                false, a);
        NodeState replica = SqlServerReplicaState.fromReplicaState(false, false, LSN, null, null, null,
                false, driverGuidText(wireGuid(forkA)).toLowerCase(java.util.Locale.ROOT));
        NodeState forked = SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null,
                false, driverGuidText(wireGuid(forkB)));
        assertThat(primary.timeline()).isEqualTo(replica.timeline())
                .isNotEqualTo(NodeState.UNKNOWN_TIMELINE).isNotNegative();
        assertThat(forked.timeline()).isNotEqualTo(primary.timeline()).isNotNegative();
        assertThat(replica.receiving()).isTrue();
        // Not visible (Azure SQL Database, or no VIEW ANY DATABASE): unknown, compared as before.
        assertThat(SqlServerReplicaState.fromReplicaState(false, false, LSN, null, null, null, null,
                null).timeline()).isEqualTo(NodeState.UNKNOWN_TIMELINE);
        assertThat(SqlServerReplicaState.forkTimeline("not a guid")).isEqualTo(NodeState.UNKNOWN_TIMELINE);
        // Forks that differ in one bit anywhere give different timelines.
        for (int bit = 0; bit < 128; bit++) {
            java.util.UUID flipped = bit < 64
                    ? new java.util.UUID(forkA.getMostSignificantBits() ^ (1L << bit),
                            forkA.getLeastSignificantBits())
                    : new java.util.UUID(forkA.getMostSignificantBits(),
                            forkA.getLeastSignificantBits() ^ (1L << (bit - 64)));
            assertThat(SqlServerReplicaState.forkTimeline(driverGuidText(wireGuid(flipped))))
                    .as("bit %d", bit).isNotEqualTo(primary.timeline());
        }
    }

    @Test
    void aSuspendedReplicaIsNotReceivingAndAPrimaryAlwaysIs() {
        assertThat(SqlServerReplicaState.fromReplicaState(false, false, LSN, null, null, null, true,
                null).receiving()).isFalse();
        assertThat(SqlServerReplicaState.fromReplicaState(false, false, LSN, null, null, null, 1,
                null).receiving()).isFalse();
        assertThat(SqlServerReplicaState.fromReplicaState(false, false, LSN, null, null, null, 0,
                null).receiving()).isTrue();
        assertThat(SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null, true,
                null).receiving()).isTrue();
    }

    @Test
    void theForkIsReadWhereTheViewExists() {
        // Azure SQL Database (5) has no sys.database_recovery_status; Managed Instance (8) and
        // SQL Server (2, 3, 4, ...) do.
        assertThat(SqlServerDialect.stateQuery(5, false)).contains("sys.dm_database_replica_states")
                .doesNotContain("database_recovery_status").contains("is_suspended");
        assertThat(SqlServerDialect.stateQuery(8, false)).contains("sys.dm_database_replica_states")
                .contains("sys.database_recovery_status").contains("recovery_fork_guid");
        assertThat(SqlServerDialect.stateQuery(3, false)).contains("sys.dm_hadr_database_replica_states")
                .contains("sys.database_recovery_status").doesNotContain("geo_replication");
        for (int edition : new int[] {3, 5, 8}) {
            for (boolean hyperscale : new boolean[] {false, true}) {
                // Eight columns, as probe() reads them, whatever the engine.
                assertThat(SqlServerQueries.selectListLength(
                        SqlServerDialect.stateQuery(edition, hyperscale)))
                        .as("edition %d", edition).isEqualTo(8);
            }
        }
    }

    @Test
    void hyperscaleNamedReplicasAndForwardersAreReplicasWhateverTheirHaSetSays() {
        // The Hyperscale view is asked only on Hyperscale databases of Azure SQL Database.
        assertThat(SqlServerDialect.stateQuery(5, true)).contains("sys.dm_hs_database_replicas(DB_ID())")
                .contains("is_local = 1");
        assertThat(SqlServerDialect.stateQuery(5, false)).doesNotContain("dm_hs_");
        assertThat(SqlServerDialect.stateQuery(8, true)).doesNotContain("dm_hs_");
        assertThat(SqlServerQueries.selectListLength(SqlServerDialect.HYPERSCALE_ROLE_ONLY))
                .isEqualTo(1);
        // A named replica (3) is the primary of its own HA set (is_primary_replica = 1); even if
        // it were writable by mistake, its Hyperscale role makes it a replica, with its own
        // position from its own row.
        NodeState named = SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null,
                false, null, (short) 3);
        assertThat(named.replica()).isTrue();
        assertThat(named.position()).isEqualTo(SqlServerReplicaState.lsnToPosition(LSN, false));
        assertThat(SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null, false,
                null, 2).replica()).as("geo-replication forwarder").isTrue();
        assertThat(SqlServerReplicaState.fromReplicaState(true, false, LSN, null, null, null, false,
                null, 1).replica()).as("HA secondary").isTrue();
        NodeState primary = SqlServerReplicaState.fromReplicaState(true, true, LSN, null, null, null,
                false, null, 0);
        assertThat(primary.replica()).isFalse();
        assertThat(primary.position()).isEqualTo(SqlServerReplicaState.lsnToPosition(LSN, true));
        assertThat(SqlServerReplicaState.isHyperscaleSecondary(null)).isFalse();
        assertThat(SqlServerReplicaState.isHyperscaleSecondary(4)).isFalse();
    }

    @Test
    void theDerivedReadOnlyUrlKeepsMultiSubnetFailoverForAgListeners() throws Exception {
        String ro = dialect.readOnlyUrl("jdbc:sqlserver://aglistener.corp.local:1433;"
                + "databaseName=app;multiSubnetFailover=true");
        assertThat(driverValue(ro, "multiSubnetFailover")).isEqualTo("true");
        assertThat(driverValue(ro, "applicationIntent")).isEqualTo("ReadOnly");
    }

    /** The Java class mssql-jdbc's getObject returns for a SQL Server column type. */
    private static Object driverSample(String sqlType) throws Exception {
        Class<?> ssType = Class.forName("com.microsoft.sqlserver.jdbc.SSType");
        java.lang.reflect.Method of = ssType.getDeclaredMethod("of", String.class);
        of.setAccessible(true);
        Object type = of.invoke(null, sqlType);
        java.lang.reflect.Method jdbc = ssType.getDeclaredMethod("getJDBCType");
        jdbc.setAccessible(true);
        Object jdbcType = jdbc.invoke(type);
        java.lang.reflect.Method className = jdbcType.getClass().getDeclaredMethod("className");
        className.setAccessible(true);
        String name = (String) className.invoke(jdbcType);
        return switch (name) {
            case "java.lang.Boolean" -> Boolean.TRUE;
            case "java.lang.Short" -> (short) 1;
            case "java.lang.Integer" -> 1;
            case "java.lang.Long" -> 1L;
            default -> throw new AssertionError(sqlType + " is read as " + name);
        };
    }

    @Test
    void theReplicaStateRowIsMappedFromTheClassesTheDriverReturns() throws Exception {
        // is_primary_replica and is_suspended are bit, the geo role and Hyperscale role are cast
        // to int, secondary_lag_seconds is bigint (replica_role itself is tinyint).
        NodeState s = SqlServerReplicaState.fromReplicaState(false, driverSample("bit"), LSN, null,
                driverSample("bigint"), driverSample("int"), driverSample("bit"), null,
                driverSample("tinyint"));
        assertThat(s.replica()).isTrue();
        assertThat(s.receiving()).isFalse();
        assertThat(s.lagMillis()).isEqualTo(1_000L);
        assertThat(SqlServerReplicaState.fromReplicaState(true, driverSample("bit"), LSN, null, null,
                0, Boolean.FALSE, null, null).replica()).isFalse();
    }

    /** A SQL Server error as mssql-jdbc builds it from a TDS error token. */
    static SQLServerException serverError(int number, int severity, String message)
            throws Exception {
        Constructor<SQLServerError> c = SQLServerError.class.getDeclaredConstructor();
        c.setAccessible(true);
        SQLServerError error = c.newInstance();
        error.setErrorNumber(number);
        error.setErrorSeverity(severity);
        error.setErrorMessage(message);
        return new SQLServerException(error);
    }
}
