package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PgBinariesTest {

    @Test
    void mapsPlatformsToZonkyArchiveNames() {
        assertThat(PgBinaries.resourceName("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(PgBinaries.resourceName("Linux", "aarch64")).isEqualTo("postgres-linux-arm_64.txz");
        assertThat(PgBinaries.resourceName("Mac OS X", "x86_64")).isEqualTo("postgres-darwin-x86_64.txz");
        assertThat(PgBinaries.resourceName("Mac OS X", "aarch64")).isEqualTo("postgres-darwin-arm_64.txz");
        assertThatThrownBy(() -> PgBinaries.resourceName("Windows 11", "amd64")).isInstanceOf(PostgresTestkitException.class);
    }

    @Test
    void unpackedBinariesKeepExecutableBitsAndLibrarySymlinks() throws Exception {
        Path home = PgBinaries.home();
        assertThat(home.getFileName().toString()).contains(PgBinaries.version());
        for (String program : new String[] {"initdb", "pg_ctl", "postgres"}) {
            assertThat(Files.isExecutable(home.resolve("bin").resolve(program))).as(program).isTrue();
        }
        try (var libs = Files.list(home.resolve("lib"))) {
            assertThat(libs.filter(Files::isSymbolicLink)).isNotEmpty()
                    .allSatisfy(link -> assertThat(Files.exists(link)).as(link.toString()).isTrue());
        }
    }
}
