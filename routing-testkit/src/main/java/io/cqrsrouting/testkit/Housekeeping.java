package io.cqrsrouting.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where replica sets keep their data ({@code <cache>/sets/set-<jvm pid>-<n>}), and the
 * removal of what JVMs that died without running their shutdown hooks (kill -9, a crashed
 * fork) left behind: their servers are killed and their directories deleted.
 */
final class Housekeeping {

    private static final Pattern SET_DIR = Pattern.compile("set-(\\d+)-\\d+");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private Housekeeping() {
    }

    static Path newSetDirectory(int sequence) {
        Path sets = PgBinaries.cacheRoot().resolve("sets");
        try {
            Files.createDirectories(sets);
            if (SWEPT.compareAndSet(false, true)) {
                sweep(sets);
            }
            return Files.createDirectory(sets.resolve("set-" + ProcessHandle.current().pid() + "-" + sequence));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a replica set directory under " + sets, e);
        }
    }

    private static void sweep(Path sets) {
        List<Path> dead = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sets)) {
            for (Path d : dirs) {
                Matcher m = SET_DIR.matcher(d.getFileName().toString());
                if (m.matches() && !isAlive(Long.parseLong(m.group(1)))) {
                    dead.add(d);
                }
            }
        } catch (IOException e) {
            return; // housekeeping is best effort
        }
        for (Path d : dead) {
            try (DirectoryStream<Path> nodes = Files.newDirectoryStream(d, Files::isDirectory)) {
                nodes.forEach(Housekeeping::killLeftoverServer);
            } catch (IOException ignored) {
                // delete what we can below
            }
            FileTrees.deleteQuietly(d);
        }
    }

    /** Kills the postmaster recorded in a data directory, if that pid is still a postgres process. */
    private static void killLeftoverServer(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            boolean isPostgres = h.flatMap(p -> p.info().command()).map(c -> c.endsWith("/postgres")).orElse(false);
            if (isPostgres) {
                List<Long> pids = new ArrayList<>();
                pids.add(pid);
                h.get().descendants().forEach(c -> pids.add(c.pid()));
                OsUser.signal("KILL", pids);
            }
        } catch (IOException | RuntimeException ignored) {
            // no pid file, or the process is gone: nothing to kill
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
