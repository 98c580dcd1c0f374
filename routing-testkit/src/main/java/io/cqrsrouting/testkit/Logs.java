package io.cqrsrouting.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Tails of command output and server logs for error messages, with the password masked. */
final class Logs {

    private Logs() {
    }

    static String tail(String text, int lines) {
        List<String> all = Arrays.asList(text.split("\n"));
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        return mask(String.join("\n", last));
    }

    static String tail(Path file, int lines) {
        try {
            return Files.exists(file) ? tail(Files.readString(file, StandardCharsets.UTF_8), lines) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** The testkit's password must never appear in a message, even if a server echoes it. */
    static String mask(String text) {
        return text.replace(PostgresReplicaSet.PASSWORD, "******");
    }
}
