package io.cqrsrouting.dialect;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** SQL Server specifics, checked against the real mssql-jdbc driver's own URL parser. */
class SqlServerDialectTest {

    private final SqlServerDialect dialect = new SqlServerDialect();

    private static String parsed(String url, String property) throws Exception {
        DriverPropertyInfo[] info = new SQLServerDriver().getPropertyInfo(url, new Properties());
        return Arrays.stream(info).filter(p -> p.name.equalsIgnoreCase(property))
                .map(p -> p.value).findFirst().orElse(null);
    }

    @Test
    void readOnlyUrlAddsApplicationIntentTheDriverUnderstands() throws Exception {
        String ro = dialect.readOnlyUrl("jdbc:sqlserver://srv.database.windows.net:1433;"
                + "databaseName=app;encrypt=true");
        assertThat(parsed(ro, "applicationIntent")).isEqualToIgnoringCase("ReadOnly");
        assertThat(parsed(ro, "databaseName")).isEqualTo("app");
    }

    @Test
    void readOnlyUrlReplacesAReadWriteIntent() throws Exception {
        String ro = dialect.readOnlyUrl("jdbc:sqlserver://srv:1433;applicationIntent=ReadWrite;"
                + "databaseName=app;");
        assertThat(ro).doesNotContainIgnoringCase("ReadWrite");
        assertThat(parsed(ro, "applicationIntent")).isEqualToIgnoringCase("ReadOnly");
    }

    @Test
    void primaryUrlParsesAsReadWriteByDefault() throws Exception {
        assertThat(parsed("jdbc:sqlserver://srv:1433;databaseName=app", "applicationIntent"))
                .isEqualToIgnoringCase("ReadWrite");
    }

    @Test
    void failoverGroupListenerMapsToItsSecondaryListener() throws Exception {
        String ro = dialect.failoverGroupReadOnlyUrl(
                "jdbc:sqlserver://myfog.database.windows.net:1433;databaseName=app");
        assertThat(ro).startsWith("jdbc:sqlserver://myfog.secondary.database.windows.net:1433");
        assertThat(parsed(ro, "applicationIntent")).isEqualToIgnoringCase("ReadOnly");
        assertThat(dialect.failoverGroupReadOnlyUrl("jdbc:sqlserver://10.0.0.1;databaseName=x"))
                .isNull();
    }

    @Test
    void recognisesItsUrlsAndProduct() {
        assertThat(dialect.acceptsUrl("jdbc:sqlserver://x")).isTrue();
        assertThat(dialect.acceptsUrl("jdbc:postgresql://x")).isFalse();
        assertThat(dialect.acceptsProduct("Microsoft SQL Server")).isTrue();
        assertThat(Dialects.forUrl("jdbc:sqlserver://x;a=b")).isInstanceOf(SqlServerDialect.class);
    }

    @Test
    void lsnPositionsCompareLikeTheLogAndTokensRoundUp() {
        // LSN 0000002A:00000150:0003 as numeric(25,0): vlf 42, block 336, slot 3
        BigDecimal lsn = new BigDecimal("42000000033600003");
        long token = SqlServerDialect.lsnToPosition(lsn, true);
        long replayedSameBlock = SqlServerDialect.lsnToPosition(new BigDecimal("42000000033600001"),
                false);
        long replayedNextBlock = SqlServerDialect.lsnToPosition(new BigDecimal("42000000033700000"),
                false);
        assertThat(replayedSameBlock).isLessThan(token);
        assertThat(replayedNextBlock).isGreaterThanOrEqualTo(token);
        assertThat(SqlServerDialect.lsnToPosition(new BigDecimal("43000000000100000"), false))
                .isGreaterThan(replayedNextBlock);
        assertThat(SqlServerDialect.lsnToPosition(null, true)).isEqualTo(-1);
    }
}
