package io.cqrsrouting.benchmark.offload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One embedded database node in a cgroup (v1) of its own: its CPU time is accounted
 * ({@code cpuacct.usage}) and, with a cap, limited by a CFS quota with a short period, so that
 * "one standby takes 90 % of the work" shows up as that standby's saturation instead of being
 * hidden by a machine with cores to spare. The node's processes are found from a backend: its
 * parent is the postmaster, whose children are the node's processes; backends forked later inherit
 * the postmaster's group.
 */
final class NodeCpu implements AutoCloseable {

    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");
    private static final long PERIOD_MICROS = 10_000;

    private final String name;
    private final Path cpuGroup;
    private final Path acctGroup;

    private NodeCpu(String name, Path cpuGroup, Path acctGroup) {
        this.name = name;
        this.cpuGroup = cpuGroup;
        this.acctGroup = acctGroup;
    }

    /** @return whether cgroup v1 cpu and cpuacct hierarchies can be written here */
    static boolean available() {
        return Files.isWritable(CPU) && Files.isWritable(CPUACCT)
                && Files.exists(CPU.resolve("cpu.cfs_quota_us"));
    }

    /**
     * Puts a node's processes into a new group.
     *
     * @param name node name (group name part)
     * @param jdbcUrl a URL of the node
     * @param user user
     * @param password password
     * @param cpus the cap in CPUs (0.5 = half a core), or 0 for accounting only
     * @return the group
     */
    static NodeCpu attach(String name, String jdbcUrl, String user, String password, double cpus)
            throws SQLException {
        long backend;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            backend = rs.getLong(1);
        }
        long postmaster = parentOf(backend);
        String group = "cqrs-bench-" + ProcessHandle.current().pid() + "-" + name;
        try {
            Path cpuGroup = Files.createDirectories(CPU.resolve(group));
            Path acctGroup = Files.createDirectories(CPUACCT.resolve(group));
            write(cpuGroup.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            write(cpuGroup.resolve("cpu.cfs_quota_us"),
                    cpus > 0 ? String.valueOf(Math.round(cpus * PERIOD_MICROS)) : "-1");
            List<Long> pids = new ArrayList<>();
            pids.add(postmaster);
            pids.addAll(childrenOf(postmaster));
            for (long pid : pids) {
                move(cpuGroup, pid);
                move(acctGroup, pid);
            }
            return new NodeCpu(name, cpuGroup, acctGroup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put node " + name + " into a cgroup", e);
        }
    }

    /** @return the node's name */
    String name() {
        return name;
    }

    /** @return CPU time the node's processes used so far, in ns */
    long usageNanos() {
        return readLong(acctGroup.resolve("cpuacct.usage"));
    }

    /** @return CFS periods in which the node was throttled so far */
    long throttledPeriods() {
        try {
            for (String line : Files.readAllLines(cpuGroup.resolve("cpu.stat"))) {
                if (line.startsWith("nr_throttled ")) {
                    return Long.parseLong(line.substring(13).trim());
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name is in parentheses and may contain spaces: parse after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the parent of process " + pid, e);
        }
    }

    private static List<Long> childrenOf(long parent) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (parentOf(Long.parseLong(n)) == parent) {
                        out.add(Long.parseLong(n));
                    }
                } catch (UncheckedIOException | StringIndexOutOfBoundsException e) {
                    // the process ended while we looked
                }
            }
        }
        return out;
    }

    private static void move(Path group, long pid) throws IOException {
        try {
            write(group.resolve("cgroup.procs"), String.valueOf(pid));
        } catch (IOException e) {
            if (Files.exists(Path.of("/proc", String.valueOf(pid)))) {
                throw e;
            }
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Moves what is left back to the root groups and removes the groups. */
    @Override
    public void close() {
        for (Path[] pair : new Path[][] {{cpuGroup, CPU}, {acctGroup, CPUACCT}}) {
            try {
                for (String pid : Files.readAllLines(pair[0].resolve("cgroup.procs"))) {
                    move(pair[1], Long.parseLong(pid.trim()));
                }
                Files.deleteIfExists(pair[0]);
            } catch (IOException | NumberFormatException e) {
                // best effort: an empty group left behind holds no process
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", name, cpuGroup);
    }
}
