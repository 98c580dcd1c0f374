package io.cqrsrouting.benchmark.offload;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU accounting of one offload trial, over its measurement iterations only: each node's CPU time
 * and throttled periods (from its cgroup), the client process's CPU time, the operations done and
 * the wall time. Warm-up iterations are left out.
 */
final class MeasuredCpu {

    private final List<NodeCpu> nodes;
    private final LongAdder ops;
    private final Map<String, long[]> measured = new LinkedHashMap<>();
    private long[] cpuAtStart;
    private long[] throttledAtStart;
    private long clientCpuAtStart;
    private long clientCpu;
    private long opsAtStart;
    private long measuredOps;
    private long wallAtStart;
    private long measuredWall;

    MeasuredCpu(List<NodeCpu> nodes, LongAdder ops) {
        this.nodes = nodes;
        this.ops = ops;
    }

    /** Notes the counters at an iteration's start; only measurement iterations are counted. */
    void start(boolean measurement) {
        if (!measurement) {
            cpuAtStart = null;
            return;
        }
        cpuAtStart = new long[nodes.size()];
        throttledAtStart = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            cpuAtStart[i] = nodes.get(i).usageNanos();
            throttledAtStart[i] = nodes.get(i).throttledPeriods();
        }
        clientCpuAtStart = clientCpuNanos();
        opsAtStart = ops.sum();
        wallAtStart = System.nanoTime();
    }

    /** Adds the iteration's counters to the trial's, if {@link #start} counted it. */
    void end() {
        if (cpuAtStart == null) {
            return;
        }
        measuredWall += System.nanoTime() - wallAtStart;
        measuredOps += ops.sum() - opsAtStart;
        clientCpu += clientCpuNanos() - clientCpuAtStart;
        for (int i = 0; i < nodes.size(); i++) {
            long[] m = measured.computeIfAbsent(nodes.get(i).name(), k -> new long[2]);
            m[0] += nodes.get(i).usageNanos() - cpuAtStart[i];
            m[1] += nodes.get(i).throttledPeriods() - throttledAtStart[i];
        }
    }

    /** Appends the trial's figures as the side result's {@code cpu} object. */
    void appendJson(StringBuilder sb, String cap) {
        sb.append("{\"cap\":").append(cap)
                .append(",\"ops\":").append(measuredOps)
                .append(",\"wallNanos\":").append(measuredWall)
                .append(",\"clientNanos\":").append(clientCpu)
                .append(",\"nodes\":{");
        int i = 0;
        for (Map.Entry<String, long[]> e : measured.entrySet()) {
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":{\"nanos\":")
                    .append(e.getValue()[0]).append(",\"throttled\":").append(e.getValue()[1])
                    .append('}');
        }
        sb.append("}}");
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
