package io.cqrsrouting.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlsTest {

    @Test
    void masksPostgresPasswordParameter() {
        assertThat(Urls.mask("jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true");
    }

    @Test
    void masksSqlServerSecretsIncludingBracedValues() {
        String masked = Urls.mask("jdbc:sqlserver://fog.database.windows.net:1433;databaseName=app;"
                + "user=app;password={p;w=d};trustStorePassword=ts;accessToken=tok");
        assertThat(masked).doesNotContain("p;w=d").doesNotContain("=ts;").doesNotContain("tok")
                .contains("password=****").contains("databaseName=app");
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
    }
}
