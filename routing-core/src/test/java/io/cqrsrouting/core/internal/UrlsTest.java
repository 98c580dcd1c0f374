package io.cqrsrouting.core.internal;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import io.cqrsrouting.dialect.SqlServerUrl;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverPropertyInfo;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking with each driver's own parser as the oracle: the masked URL must not contain the secret,
 * and the driver must read every other property of the masked URL exactly as in the original.
 */
class UrlsTest {

    /** Each one is prefixed with a marker so that "does not contain" is meaningful. */
    private static final List<String> PASSWORDS = List.of("Tr0ub&dor&3", "a;b", "p=w=d",
            "{lead", "trail}", "a}}b", "{a}}b;c}", "x@y:z/w", "pässwörd-пароль-密码-🔑",
            " spaced ", "%26amp", "back\\slash", "quote'\"", ";applicationIntent=ReadWrite;",
            "}", "{", "==", ";;", "}{", "a}b;c=d&e", "?x=y&password=z#frag");

    private static final String MARK = "Zq7";

    private static Properties sqlServer(String url) throws Exception {
        Properties p = new Properties();
        for (DriverPropertyInfo info : new SQLServerDriver().getPropertyInfo(url,
                new Properties())) {
            if (info.value != null && !SqlServerUrl.isSecret(info.name)) {
                p.setProperty(info.name, info.value);
            }
        }
        return p;
    }

    @Test
    void sqlServerSecretsAreMaskedWhateverTheyContain() throws Exception {
        for (String raw : PASSWORDS) {
            String secret = MARK + raw;
            String v = escape(secret);
            String url = "jdbc:sqlserver://fog.database.windows.net:1433;user=app;password=" + v
                    + ";databaseName=app;trustStorePassword=" + v + ";keyVaultProviderClientKey="
                    + v + ";clientKey=" + v + ";keyStoreSecret=" + v + ";accessToken=" + v
                    + ";AADSecurePrincipalSecret=" + v + ";applicationName={not;secret}";
            String masked = Urls.mask(url);
            assertThat(masked).as(raw).doesNotContain(MARK).contains("password=****")
                    .contains("keyVaultProviderClientKey=****");
            assertThat(sqlServer(masked)).as("driver reads the rest unchanged: %s", raw)
                    .isEqualTo(sqlServer(url));
        }
    }

    private static String escape(String value) {
        return "{" + value.replace("}", "}}") + "}";
    }

    @Test
    void sqlServerPlainValuesWithAmpersandAreMaskedWhole() {
        assertThat(Urls.mask("jdbc:sqlserver://h;password=Tr0ub&dor&3;databaseName=d"))
                .isEqualTo("jdbc:sqlserver://h;password=****;databaseName=d");
        assertThat(Urls.mask("jdbc:sqlserver://h;password={a}}b;c};databaseName=d"))
                .isEqualTo("jdbc:sqlserver://h;password=****;databaseName=d");
    }

    @Test
    void unparsableSqlServerUrlIsMaskedWhole() {
        String masked = Urls.mask("jdbc:sqlserver://h;databaseName=d;password={unterminated;x=y");
        assertThat(masked).startsWith("jdbc:sqlserver://****").doesNotContain("unterminated")
                .doesNotContain("databaseName");
    }

    @Test
    void postgresSecretsAreMaskedWhateverTheyContain() throws Exception {
        for (String raw : PASSWORDS) {
            String secret = MARK + raw;
            String enc = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            String url = "jdbc:postgresql://db1:5432,db2:5433/app?user=app&password=" + enc
                    + "&sslpassword=" + enc + "&ApplicationName=x%26y&ssl=true";
            Properties original = org.postgresql.Driver.parseURL(url, null);
            assertThat(original.getProperty("password")).as("oracle decodes it").isEqualTo(secret);
            String masked = Urls.mask(url);
            assertThat(masked).as(raw).doesNotContain(MARK).doesNotContain(enc);
            Properties after = org.postgresql.Driver.parseURL(masked, null);
            assertThat(after.getProperty("password")).isEqualTo("****");
            original.remove("password");
            original.remove("sslpassword");
            after.remove("password");
            after.remove("sslpassword");
            assertThat(after).as(raw).isEqualTo(original);
        }
    }

    @Test
    void masksPostgresPasswordParameter() {
        assertThat(Urls.mask("jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true");
    }

    @Test
    void masksUserInfoInAuthority() {
        assertThat(Urls.mask("jdbc:mysql://app:hunter2@db/app"))
                .isEqualTo("jdbc:mysql://app:****@db/app");
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        assertThat(Urls.mask(url)).isEqualTo(url);
        String sql = "jdbc:sqlserver://srv:1433;databaseName=app;applicationName={a;b}";
        assertThat(Urls.mask(sql)).isEqualTo(sql);
    }
}
