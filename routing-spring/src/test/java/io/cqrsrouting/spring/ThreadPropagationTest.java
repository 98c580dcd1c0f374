package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Route;
import io.cqrsrouting.spring.TestServices.AsyncNodes;
import io.cqrsrouting.spring.TestServices.Outer;
import io.cqrsrouting.spring.TestServices.Seen;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** §3.7 context is per thread, never leaks to pooled threads, and is carried when asked. */
@SpringJUnitConfig(RoutingTestConfig.class)
class ThreadPropagationTest {

    @Autowired Outer outer;
    @Autowired AsyncNodes async;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void wrappedTasksGetTheCallersQueryAndPlainTasksGetNothing() throws Exception {
        List<Seen> seen = outer.onExecutor(pool);

        assertThat(seen.get(0)).as("Routing.wrap(Callable)").isEqualTo(new Seen(Route.REPLICA, STANDBY));
        assertThat(seen.get(1)).as("plain task").isEqualTo(new Seen(null, PRIMARY));
        assertThat(seen.get(2)).as("Routing.wrap(Executor)").isEqualTo(new Seen(Route.REPLICA, STANDBY));
        assertThat(seen.get(3)).as("plain task after").isEqualTo(new Seen(null, PRIMARY));
    }

    @Test
    void pooledThreadHasNoScopeAfterRunningATaskInsideAQuery() throws Exception {
        outer.onExecutor(pool);

        Seen after = pool.submit(() -> Seen.now(outer.jdbc())).get();

        assertThat(after).isEqualTo(new Seen(null, PRIMARY));
    }

    @Test
    void asyncMethodCalledInsideQueryReadsFromTheStandby() {
        assertThat(outer.asyncInsideQuery()).isEqualTo(new Seen(Route.REPLICA, STANDBY));
    }

    @Test
    void asyncMethodCalledInsideCommandStaysOnThePrimary() {
        assertThat(outer.asyncInsideCommand()).isEqualTo(new Seen(Route.PRIMARY, PRIMARY));
    }

    @Test
    void asyncThreadsKeepNothingFromEarlierCallers() {
        for (int i = 0; i < 4; i++) { // more tasks than pool threads: every thread is reused
            outer.asyncInsideQuery();
            assertThat(async.seen().join()).isEqualTo(new Seen(null, PRIMARY));
        }
    }

    @Test
    void asyncQueryMethodReadsFromTheStandby() {
        assertThat(async.asyncQuery().join()).isEqualTo(new Seen(Route.REPLICA, STANDBY));
    }
}
