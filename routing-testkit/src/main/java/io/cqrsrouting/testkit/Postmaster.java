package io.cqrsrouting.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system side of one PostgreSQL server: launching {@code postgres} on a data
 * directory and signalling it. The server is started directly (not through
 * {@code pg_ctl}), so it is a child of this JVM and its pid is known without polling.
 */
final class Postmaster {

    private final Path dataDir;
    private final Path logFile;
    private Process process;
    private long pid = -1;
    private boolean frozen;
    private long logOffset;

    Postmaster(Path dataDir, Path logFile) {
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Launches the server without waiting for it to accept connections. */
    synchronized void launch(int port, String clusterName) {
        if (isAlive()) {
            throw new IllegalStateException("already running: " + clusterName);
        }
        List<String> cmd = List.of(PgBinaries.bin("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-c", "cluster_name=" + clusterName);
        try {
            logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            process = OsUser.builder(cmd, dataDir.getParent())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            pid = process.pid(); // setpriv execs postgres, so this is the postmaster; see pid()
            frozen = false;
        } catch (IOException e) {
            throw new PostgresTestkitException("cannot launch postgres for " + clusterName, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized boolean isFrozen() {
        return frozen;
    }

    /** The postmaster's pid, taken from postmaster.pid once the server runs (runuser forks). */
    synchronized long pid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                long filePid = Long.parseLong(lines.get(0).trim());
                if (filePid == process.pid() || process.descendants().anyMatch(h -> h.pid() == filePid)) {
                    pid = filePid;
                }
            }
        } catch (IOException | NumberFormatException | NullPointerException e) {
            // not written yet or already removed: keep what we know
        }
        return pid;
    }

    /** The postmaster and all its current child processes, postmaster first. */
    private List<Long> tree() {
        long p = pid();
        List<Long> pids = new ArrayList<>();
        pids.add(p);
        ProcessHandle.of(p).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** SIGKILL to the postmaster and every child: the node dies as in a machine crash. */
    synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        List<Long> pids = tree();
        OsUser.signal("KILL", pids);
        if (!awaitExit(Duration.ofSeconds(10))) {
            throw new PostgresTestkitException("postmaster " + pids.get(0) + " survived SIGKILL for 10 s");
        }
        // children are no longer ours to reap; give the kernel a moment to tear them down
        if (!Poll.until(Duration.ofSeconds(10), 2,
                () -> pids.subList(1, pids.size()).stream().noneMatch(Postmaster::running))) {
            throw new PostgresTestkitException("children of postmaster " + pids.get(0)
                    + " still run 10 s after SIGKILL");
        }
        frozen = false;
    }

    /** SIGSTOP to the postmaster, then to its children (stopped first, it cannot fork new ones). */
    synchronized void freeze() {
        if (!isAlive() || frozen) {
            return;
        }
        OsUser.signal("STOP", List.of(pid()));
        OsUser.signal("STOP", tree());
        frozen = true;
    }

    /** SIGCONT to the children and the postmaster. */
    synchronized void unfreeze() {
        if (!frozen) {
            return;
        }
        List<Long> pids = tree();
        OsUser.signal("CONT", pids.subList(1, pids.size()));
        OsUser.signal("CONT", List.of(pids.get(0)));
        frozen = false;
    }

    /** Fast shutdown (SIGINT): sessions are ended, a shutdown checkpoint is written. */
    synchronized void stop(Duration timeout) {
        if (!isAlive()) {
            return;
        }
        unfreeze();
        OsUser.signal("INT", List.of(pid()));
        if (!awaitExit(timeout)) {
            throw new PostgresTestkitException("server did not stop within " + timeout + "\n" + logTail());
        }
    }

    /** Immediate shutdown (SIGQUIT), falling back to SIGKILL; for cleanup, never throws. */
    synchronized void stopImmediately() {
        if (!isAlive()) {
            return;
        }
        try {
            unfreeze();
            OsUser.signal("QUIT", List.of(pid()));
            if (!awaitExit(Duration.ofSeconds(5))) {
                kill();
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
        }
    }

    /**
     * Whether a process still runs. Killed children are re-parented to init, and until init
     * reaps them they are zombies that {@link ProcessHandle#isAlive()} still reports alive.
     */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat, StandardCharsets.UTF_8);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                return false; // gone
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when the last launch died because its port was taken meanwhile. */
    synchronized boolean diedOfPortConflict() {
        if (isAlive() || process == null) {
            return false;
        }
        try {
            byte[] all = Files.readAllBytes(logFile);
            String since = new String(all, (int) Math.min(logOffset, all.length),
                    (int) (all.length - Math.min(logOffset, all.length)), StandardCharsets.UTF_8);
            return since.contains("could not create any TCP/IP sockets") || since.contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    String logTail() {
        return "--- " + logFile.getFileName() + " (last lines) ---\n" + Logs.tail(logFile, 25);
    }

    @Override
    public synchronized String toString() {
        return "postmaster " + (isAlive() ? "pid " + pid : "not running") + " on " + dataDir;
    }
}
