package io.cqrsrouting.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the report says about the run: the command, the machine, Java, the database. */
final class RunInfo {

    private RunInfo() {
    }

    static Map<String, String> collect(String command, String profile, String started,
            String duration, double loadBefore, double loadAfter) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("profile", profile);
        m.put("started", started);
        m.put("duration", duration);
        m.put("machine", machine() + String.format(Locale.ROOT, "; load average %.1f before, %.1f after",
                loadBefore, loadAfter));
        m.put("java", System.getProperty("java.runtime.name", "Java") + " "
                + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vm.name", "?") + ")");
        m.put("database", database());
        return m;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String machine() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        String memory = "";
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            memory = String.format(Locale.ROOT, ", %.0f GB RAM",
                    sun.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs" + memory
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch");
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    static String database() {
        if (BenchSettings.external()) {
            return "external: primary " + mask(BenchSettings.primaryUrl()) + ", "
                    + BenchSettings.replicaUrls().size() + " replica(s) "
                    + BenchSettings.replicaUrls().stream().map(RunInfo::mask).toList();
        }
        return "embedded PostgreSQL (routing-testkit): primary + "
                + BenchSettings.getInt("standbys", 1) + " hot standby on this machine";
    }

    /** A JDBC URL without its parameters (which may hold credentials). */
    static String mask(String url) {
        if (url == null) {
            return null;
        }
        String u = url.replaceAll("//[^/@]*@", "//***@");
        int q = u.indexOf('?');
        int s = u.indexOf(';');
        int cut = q < 0 ? s : s < 0 ? q : Math.min(q, s);
        return cut < 0 ? u : u.substring(0, cut) + "…";
    }

    static String toJson(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            sb.append(i++ == 0 ? "" : ",\n").append("  \"").append(e.getKey()).append("\": \"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append("\n}\n").toString();
    }
}
