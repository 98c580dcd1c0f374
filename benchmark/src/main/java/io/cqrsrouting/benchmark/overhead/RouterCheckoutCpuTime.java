package io.cqrsrouting.benchmark.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The read of {@link RouterCheckoutBenchmark} timed by the calling threads' CPU time instead of the
 * wall clock: on a machine shared with other work, time spent descheduled does not count (cache
 * and sibling-thread interference still do). For indicative comparisons where JMH's wall-clock
 * numbers are swamped by load; not a replacement for the overhead suite.
 *
 * <p>{@code java -cp benchmark/target/benchmarks.jar
 * io.cqrsrouting.benchmark.overhead.RouterCheckoutCpuTime <direct|routed> <threads> <rounds>}:
 * 3 warm-up rounds, then {@code rounds} rounds of 500,000 calls per thread; prints the CPU
 * nanoseconds per call of each round and their median.
 */
public final class RouterCheckoutCpuTime {

    private static final int CALLS = 500_000;
    private static volatile int sink;

    private RouterCheckoutCpuTime() {
    }

    /**
     * @param args mode, threads, rounds
     * @throws Exception if the set-up or a call fails
     */
    public static void main(String[] args) throws Exception {
        RouterCheckoutBenchmark bench = new RouterCheckoutBenchmark();
        bench.mode = args[0];
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        bench.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Double> perCall = new ArrayList<>();
        try {
            for (int round = 0; round < rounds + 3; round++) {
                CyclicBarrier go = new CyclicBarrier(threads);
                List<Future<Long>> cpu = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    cpu.add(pool.submit(() -> {
                        go.await();
                        long c0 = mx.getCurrentThreadCpuTime();
                        int s = 0;
                        for (int i = 0; i < CALLS; i++) {
                            s += bench.read();
                        }
                        sink = s;
                        return mx.getCurrentThreadCpuTime() - c0;
                    }));
                }
                long total = 0;
                for (Future<Long> f : cpu) {
                    total += f.get();
                }
                if (round >= 3) {
                    perCall.add(total / (double) ((long) CALLS * threads));
                }
            }
        } finally {
            pool.shutdown();
            bench.stop();
        }
        List<Double> sorted = new ArrayList<>(perCall);
        Collections.sort(sorted);
        System.out.printf("%s, %d thread(s): CPU ns per call, median %.1f, rounds %s%n", args[0],
                threads, sorted.get(sorted.size() / 2), perCall);
    }
}
