package io.cqrsrouting.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts {@link PostgresReplicaSet}s and keeps track of them: the JVM-wide shared sets by key, and
 * every open set, stopped by a shutdown hook if a test does not close it.
 */
final class ReplicaSetLauncher {

    private static final Map<String, PostgresReplicaSet> SHARED = new ConcurrentHashMap<>();
    private static final Set<PostgresReplicaSet> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private ReplicaSetLauncher() {
    }

    /**
     * The shared set of {@code key} ({@code key:<name>} for named sets, the standby count for the
     * others), started on first use; fails if asked for with other parameters.
     */
    static PostgresReplicaSet shared(String key, int standbys, List<String> settings) {
        PostgresReplicaSet set = SHARED.computeIfAbsent(key, k -> launch(standbys, true, settings));
        if (set.standbyCount() != standbys) {
            throw new IllegalArgumentException("shared set " + name(key) + " has " + set.standbyCount()
                    + " standbys, not " + standbys);
        }
        if (!set.settings().equals(settings)) {
            throw new IllegalArgumentException("shared set " + name(key) + " was started with settings "
                    + set.settings() + ", not " + settings);
        }
        return set;
    }

    private static String name(String key) {
        return key.startsWith("key:") ? key.substring(4) : key;
    }

    static List<String> checked(String... settings) {
        List<String> wanted = List.of(settings);
        for (String line : wanted) {
            if (!line.matches("[a-z_.]+ *= *[^\\n#]+")) {
                throw new IllegalArgumentException("not a 'name = value' server setting: " + line);
            }
        }
        return wanted;
    }

    static PostgresReplicaSet launch(int standbyCount, boolean shared, List<String> settings) {
        if (standbyCount < 0) {
            throw new IllegalArgumentException("standbys must be >= 0: " + standbyCount);
        }
        Path template = DataDirTemplate.get();
        Path dir = Housekeeping.newSetDirectory(SEQUENCE.incrementAndGet());
        PostgresReplicaSet set = new PostgresReplicaSet(dir, standbyCount, shared, settings);
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ReplicaSetLauncher::closeAll,
                    "cqrs-routing-testkit-cleanup"));
        }
        OPEN.add(set);
        try {
            boot(set, template);
            return set;
        } catch (RuntimeException | IOException e) {
            set.shutDown();
            throw e instanceof PostgresTestkitException pte ? pte
                    : new PostgresTestkitException("cannot start the replica set in " + dir, e);
        }
    }

    /** Forgets a set that has shut down. */
    static void closed(PostgresReplicaSet set) {
        OPEN.remove(set);
    }

    private static void boot(PostgresReplicaSet set, Path template) throws IOException {
        PostgresNode primary = set.primary();
        FileTrees.copy(template, primary.dataDir());
        configure(set, primary.dataDir());
        OsUser.handOver(primary.dataDir());
        primary.launchOnFreePort();
        // the standbys are copies of the same cleanly stopped cluster; copy while the primary boots
        for (PostgresNode s : set.standbys()) {
            FileTrees.copy(template, s.dataDir());
            configure(set, s.dataDir());
        }
        primary.awaitReady();
        for (PostgresNode s : set.standbys()) {
            s.configureAsStandbyOf(primary);
            s.launchOnFreePort();
        }
        for (PostgresNode s : set.standbys()) {
            s.awaitReady();
            s.awaitStreaming(Duration.ofSeconds(30));
        }
    }

    private static void configure(PostgresReplicaSet set, Path dataDir) throws IOException {
        if (!set.settings().isEmpty()) {
            Files.writeString(dataDir.resolve("postgresql.conf"), "\n# --- settings of this set ---\n"
                    + String.join("\n", set.settings()) + "\n", StandardOpenOption.APPEND);
        }
    }

    private static void closeAll() {
        List.copyOf(OPEN).forEach(PostgresReplicaSet::shutDown);
    }
}
