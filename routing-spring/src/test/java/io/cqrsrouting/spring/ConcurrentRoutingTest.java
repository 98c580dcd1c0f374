package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.spring.TestServices.Nodes;
import io.cqrsrouting.spring.TestServices.Outer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** Thousands of mixed calls from many threads, each checking the node that served it. */
@SpringJUnitConfig(RoutingTestConfig.class)
class ConcurrentRoutingTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 500;

    @Autowired Nodes nodes;
    @Autowired Outer outer;

    @Test
    void concurrentMixOfQueriesCommandsAndNestedCallsLandsExactlyRightEveryTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(threads.submit(worker()));
            }
            int calls = 0;
            for (Future<Integer> f : results) {
                calls += f.get();
            }
            assertThat(calls).isEqualTo(THREADS * CALLS_PER_THREAD);
        } finally {
            threads.shutdownNow();
        }
    }

    private Callable<Integer> worker() {
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                int kind = random.nextInt(8);
                switch (kind) {
                    case 0 -> assertThat(nodes.query()).isEqualTo(STANDBY);
                    case 1 -> assertThat(nodes.command()).isEqualTo(PRIMARY);
                    case 2 -> assertThat(nodes.consistent()).isEqualTo(PRIMARY);
                    case 3 -> assertThat(nodes.unannotated()).isEqualTo(PRIMARY);
                    case 4 -> assertThat(outer.queryInsideCommand()).containsExactly(PRIMARY, PRIMARY);
                    case 5 -> assertThat(outer.commandInsideQuery())
                            .containsExactly(STANDBY, PRIMARY, STANDBY);
                    case 6 -> assertThat(nodes.transactionalQuery())
                            .allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
                    default -> assertThat(nodes.transactionalCommand())
                            .allSatisfy(s -> assertThat(s).startsWith(PRIMARY + ":"));
                }
                assertThat(Routing.currentRoute()).isNull();
            }
            return CALLS_PER_THREAD;
        };
    }
}
