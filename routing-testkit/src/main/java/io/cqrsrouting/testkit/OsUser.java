package io.cqrsrouting.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL programs as the right operating-system user. PostgreSQL refuses to
 * run as root, so when the JVM is root (as in containers and CI) every server command is
 * run as {@code nobody} (uid/gid 65534) through {@code setpriv} (or {@code runuser}), and
 * the files those commands need are handed over to that user.
 */
final class OsUser {

    static final int NOBODY = 65534;
    static final boolean ROOT = isRoot();
    private static final List<String> SWITCH_USER = ROOT ? switchUserPrefix() : List.of();

    private OsUser() {
    }

    /** The command prefixed so that it runs unprivileged. */
    static List<String> unprivileged(List<String> command) {
        List<String> full = new ArrayList<>(SWITCH_USER);
        full.addAll(command);
        return full;
    }

    /** A process builder for a server command with a clean environment. */
    static ProcessBuilder builder(List<String> command, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(unprivileged(command)).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        // PG* variables of the developer's shell (PGDATA, PGPORT, ...) must not steer our servers
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        File devNull = new File("/dev/null");
        if (devNull.exists()) {
            pb.redirectInput(devNull);
        }
        return pb;
    }

    /**
     * Runs a command to completion and returns its combined output.
     *
     * @throws PostgresTestkitException with the output's tail when it fails or times out
     */
    static String run(List<String> command, Path workDir, Duration timeout) {
        Path output = null;
        try {
            // output goes to a file, so a hanging command cannot block us past the timeout
            output = Files.createTempFile("testkit-cmd", ".log");
            Process p = builder(command, workDir).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new PostgresTestkitException("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n" + Logs.tail(output, 40));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new PostgresTestkitException("command failed (exit " + p.exitValue() + "): "
                        + String.join(" ", command) + "\n" + Logs.tail(text, 40));
            }
            return text;
        } catch (IOException e) {
            throw new PostgresTestkitException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresTestkitException("interrupted while running " + command.get(0), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** Sends a signal ({@code "STOP"}, {@code "KILL"}, ...) with the {@code kill} command. */
    static void signal(String signal, Collection<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> cmd.add(Long.toString(pid)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PostgresTestkitException("kill -" + signal + " did not finish within 10 s");
            }
            // a non-zero exit only means a process had already gone, which is fine here
        } catch (IOException e) {
            throw new PostgresTestkitException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresTestkitException("interrupted while signalling", e);
        }
    }

    /** Gives a file tree to the unprivileged user (a no-op when not root). */
    static void handOver(Path root) {
        if (!ROOT) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    chown(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    chown(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + root + " to uid " + NOBODY, e);
        }
    }

    private static void chown(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
    }

    /** True when others may traverse every directory from the root down to {@code dir}. */
    static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective uid of this process
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static List<String> switchUserPrefix() {
        Path setpriv = onPath("setpriv");
        if (setpriv != null) {
            // setpriv execs the command, so the server keeps the pid we started
            return List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        }
        Path runuser = onPath("runuser");
        if (runuser != null) {
            return List.of(runuser.toString(), "-u", "nobody", "--");
        }
        throw new PostgresTestkitException("running as root, but neither setpriv nor runuser is available "
                + "to start PostgreSQL as an unprivileged user (PostgreSQL refuses to run as root)");
    }

    private static Path onPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
