package io.cqrsrouting.dialect;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import org.junit.jupiter.api.Test;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SqlServerUrl} against the oracle: mssql-jdbc's own URL parser, reached through its public
 * {@link SQLServerDriver#getPropertyInfo} (which shows every property value except
 * {@code password}, so adversarial values are checked through visible properties such as
 * {@code applicationName} and {@code trustStorePassword}).
 */
class SqlServerUrlTest {

    /** Values that broke regular-expression masking, and the rest of the usual suspects. */
    static final List<String> ADVERSARIAL = List.of("Tr0ub&dor&3", "a;b", "p=w=d", "{lead",
            "trail}", "a}}b", "{a}}b;c}", "x@y:z/w", "pässwörd-пароль-密码-🔑", " spaced ",
            "%26amp", "back\\slash", "quote'\"", ";applicationIntent=ReadWrite;", "}", "{", "==",
            ";;", "}{", "a}b;c=d&e");

    static String driverValue(String url, String property) throws SQLException {
        DriverPropertyInfo[] info = new SQLServerDriver().getPropertyInfo(url, new Properties());
        for (DriverPropertyInfo p : info) {
            if (p.name.equalsIgnoreCase(property)) {
                return p.value;
            }
        }
        throw new AssertionError("driver has no property " + property);
    }

    static boolean driverAccepts(String url) {
        try {
            new SQLServerDriver().getPropertyInfo(url, new Properties());
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void escapedValuesReadBackAsTheDriverReadsThem() throws Exception {
        for (String v : ADVERSARIAL) {
            String url = "jdbc:sqlserver://srv:1433;databaseName=app;applicationName="
                    + SqlServerUrl.escape(v) + ";trustStorePassword=" + SqlServerUrl.escape(v)
                    + ";encrypt=true";
            String driver = driverValue(url, "applicationName");
            SqlServerUrl parsed = SqlServerUrl.parse(url);
            assertThat(parsed.get("applicationName")).as(v).isEqualTo(driver);
            assertThat(parsed.get("trustStorePassword")).as(v)
                    .isEqualTo(driverValue(url, "trustStorePassword"));
            assertThat(parsed.get("encrypt")).isEqualTo(driverValue(url, "encrypt"));
            assertThat(driver).as("escape keeps the value intact").isEqualTo(v);
        }
    }

    @Test
    void rawUrlsFromTheReviewParseLikeTheDriver() throws Exception {
        String braced = "jdbc:sqlserver://h;trustStorePassword={a}}b;c};applicationName=x";
        assertThat(driverValue(braced, "trustStorePassword")).isEqualTo("a}b;c");
        assertThat(SqlServerUrl.parse(braced).get("trustStorePassword")).isEqualTo("a}b;c");
        assertThat(SqlServerUrl.parse(braced).get("applicationName")).isEqualTo("x");
        String amp = "jdbc:sqlserver://h;trustStorePassword=ab&cd;applicationName= spaced  ";
        assertThat(SqlServerUrl.parse(amp).get("trustStorePassword"))
                .isEqualTo(driverValue(amp, "trustStorePassword")).isEqualTo("ab&cd");
        assertThat(SqlServerUrl.parse(amp).get("applicationName"))
                .isEqualTo(driverValue(amp, "applicationName"));
    }

    @Test
    void duplicatedPropertyTakesTheLastValueLikeTheDriver() throws Exception {
        String url = "jdbc:sqlserver://h;applicationIntent=ReadOnly;databaseName=app;"
                + "APPLICATIONINTENT=ReadWrite";
        assertThat(driverValue(url, "applicationIntent")).isEqualTo("ReadWrite");
        assertThat(SqlServerUrl.parse(url).get("applicationIntent")).isEqualTo("ReadWrite");
        assertThat(SqlServerUrl.parse("jdbc:sqlserver://h;database=x").get("databaseName"))
                .isEqualTo(driverValue("jdbc:sqlserver://h;database=x", "databaseName"));
    }

    @Test
    void rejectsExactlyWhatTheDriverRejects() {
        List<String> urls = List.of("jdbc:sqlserver://h;password={abc",
                "jdbc:sqlserver://h;applicationName=a{b", "jdbc:sqlserver://h;name;",
                "jdbc:sqlserver://h;={x}", "jdbc:sqlserver://h;applicationName={a}x;",
                "jdbc:sqlserver://h;applicationName={a} ;databaseName=d",
                "jdbc:sqlserver://h;applicationName=  {a};", "jdbc:sqlserver://h;;;",
                "jdbc:sqlserver://a=b;databaseName=x", "jdbc:sqlserver://h;a=b;trailing",
                "jdbc:sqlserver://h\\inst:1433;databaseName=x", "jdbc:sqlserver://",
                "jdbc:sqlserver://;databaseName=x", "jdbc:sqlserver://h;applicationName={}",
                "jdbc:sqlserver://h;applicationName={a}}");
        for (String url : urls) {
            boolean ours;
            try {
                SqlServerUrl.parse(url);
                ours = true;
            } catch (IllegalArgumentException e) {
                ours = false;
                assertThat(e.getMessage()).doesNotContain("abc").doesNotContain("x}");
            }
            assertThat(ours).as(url).isEqualTo(driverAccepts(url));
        }
    }

    @Test
    void randomUrlsAgreeWithTheDriver() throws Exception {
        Random random = new Random(18);
        String alphabet = "ab;={} &@\\\u00e9\u5bc6";
        int accepted = 0;
        for (int round = 0; round < 2000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String url = "jdbc:sqlserver://h;applicationName=" + value + ";databaseName=d";
            boolean driver = driverAccepts(url);
            SqlServerUrl ours = null;
            try {
                ours = SqlServerUrl.parse(url);
            } catch (IllegalArgumentException e) {
                // compared below
            }
            assertThat(ours != null).as(url).isEqualTo(driver);
            if (driver) {
                accepted++;
                assertThat(ours.get("applicationName")).as(url)
                        .isEqualTo(driverValue(url, "applicationName"));
                assertThat(ours.get("databaseName")).as(url)
                        .isEqualTo(driverValue(url, "databaseName"));
            }
        }
        assertThat(accepted).as("the corpus exercises accepted URLs too").isGreaterThan(300);
    }

    @Test
    void withReplacesEveryOccurrenceAndKeepsOtherValuesIntact() throws Exception {
        String url = "jdbc:sqlserver://h:1433;applicationIntent=ReadOnly;applicationName="
                + "{x;applicationIntent=ReadWrite};databaseName=app;applicationIntent=ReadWrite";
        String out = SqlServerUrl.parse(url).with("applicationIntent", "ReadOnly").toUrl();
        assertThat(driverValue(out, "applicationIntent")).isEqualTo("ReadOnly");
        assertThat(driverValue(out, "applicationName")).isEqualTo("x;applicationIntent=ReadWrite");
        assertThat(driverValue(out, "databaseName")).isEqualTo("app");
        assertThat(driverValue(out, "portNumber")).isEqualTo("1433");
    }

    @Test
    void credentialNamesAreRecognised() {
        for (String name : List.of("password", "PASSWORD", "trustStorePassword", "keyStoreSecret",
                "clientKey", "clientKeyPassword", "keyVaultProviderClientKey",
                "AADSecurePrincipalSecret", "accessToken", "sslpassword", "sslkey")) {
            assertThat(SqlServerUrl.isSecret(name)).as(name).isTrue();
        }
        for (String name : List.of("user", "databaseName", "applicationIntent", "serverName",
                "keyStoreLocation", "encrypt", "hostNameInCertificate")) {
            assertThat(SqlServerUrl.isSecret(name)).as(name).isFalse();
        }
    }

    @Test
    void parseErrorsNeverQuoteTheUrl() {
        assertThatThrownBy(() -> SqlServerUrl.parse("jdbc:sqlserver://h;password={hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }
}
