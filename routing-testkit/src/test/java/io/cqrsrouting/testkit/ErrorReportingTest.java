package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures explain themselves with the server's own words, and never show the password. */
class ErrorReportingTest {

    @Test
    void failingCommandReportsItsOutput() {
        Path work = PgBinaries.cacheRoot();
        assertThatThrownBy(() -> OsUser.run(List.of(PgBinaries.bin("initdb").toString(), "--no-such-option"),
                work, Duration.ofSeconds(30)))
                .isInstanceOf(PostgresTestkitException.class)
                .hasMessageContaining("initdb")
                .hasMessageContaining("no-such-option");
    }

    @Test
    void serverThatCannotStartReportsTheTailOfItsLog() throws Exception {
        Path dir = Files.createTempDirectory(PgBinaries.cacheRoot(), "broken-");
        try {
            PostgresNode node = new PostgresNode("broken", dir.resolve("no-data-here"), dir.resolve("broken.log"));
            node.launchOnFreePort();
            assertThatThrownBy(node::awaitReady)
                    .isInstanceOf(PostgresTestkitException.class)
                    .hasMessageContaining("broken did not start")
                    .hasMessageContaining("no-data-here"); // postgres names the missing directory
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    @Test
    void passwordIsMaskedInReportedText() {
        assertThat(Logs.tail("FATAL: conninfo password=" + PostgresReplicaSet.PASSWORD + " rejected", 5))
                .doesNotContain(PostgresReplicaSet.PASSWORD)
                .contains("password=******");
    }
}
