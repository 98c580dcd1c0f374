package io.cqrsrouting.benchmark.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.benchmark.stub.StubNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The overhead comparison is only fair if every mode really routes: reads must reach the replica
 * stub node, writes the primary, through a Spring proxy. No timing here.
 */
class ModesRouteTest {

    private static final int CALLS = 200;
    /** The Spring-only peer whose read-only transactions stay on the primary (see its javadoc). */
    static final String NOT_ROUTING_IN_TRANSACTION = "springReadOnlySupports";

    static java.util.List<String> routingModes() {
        return Modes.names().stream().filter(m -> !m.equals("direct") && !m.equals("noopAdvice")).toList();
    }

    @ParameterizedTest
    @MethodSource("routingModes")
    void readsGoToTheReplicaAndWritesToThePrimary(String mode) throws Exception {
        StubNode primary = StubNode.named(StubPools.PRIMARY);
        StubNode replica = StubNode.named(StubPools.REPLICA);
        try (AnnotationConfigApplicationContext ctx = Modes.start(mode)) {
            BenchService service = ctx.getBean(BenchService.class);
            assertThat(AopUtils.isAopProxy(service)).as("%s: service is a Spring proxy", mode).isTrue();

            long p0 = primary.statements();
            long r0 = replica.statements();
            for (int i = 0; i < CALLS; i++) {
                assertThat(service.query()).isEqualTo(1);
            }
            assertThat(replica.statements() - r0).as("%s: query() on the replica", mode)
                    .isGreaterThanOrEqualTo(CALLS);
            assertThat(primary.statements() - p0).as("%s: query() not on the primary", mode)
                    .isLessThan(CALLS / 4);

            p0 = primary.statements();
            r0 = replica.statements();
            for (int i = 0; i < CALLS; i++) {
                assertThat(service.queryInTransaction()).isEqualTo(1);
            }
            if (mode.equals(NOT_ROUTING_IN_TRANSACTION)) {
                // the transaction takes its connection before Spring publishes the read-only flag
                assertThat(primary.statements() - p0).as("%s: queryInTransaction() on the primary", mode)
                        .isGreaterThanOrEqualTo(CALLS);
            } else {
                assertThat(replica.statements() - r0).as("%s: queryInTransaction() on the replica", mode)
                        .isGreaterThanOrEqualTo(CALLS);
                assertThat(primary.statements() - p0).as("%s: queryInTransaction() not on the primary", mode)
                        .isLessThan(CALLS / 4);
            }

            p0 = primary.statements();
            r0 = replica.statements();
            for (int i = 0; i < CALLS; i++) {
                assertThat(service.command()).isEqualTo(1);
            }
            assertThat(primary.statements() - p0).as("%s: command() on the primary", mode)
                    .isGreaterThanOrEqualTo(CALLS);
            assertThat(replica.statements() - r0).as("%s: command() not on the replica", mode)
                    .isLessThan(CALLS / 4);
        }
    }

    @ParameterizedTest
    @MethodSource("io.cqrsrouting.benchmark.overhead.Modes#names")
    void controlsStayOnThePrimary(String mode) throws Exception {
        if (!mode.equals("direct") && !mode.equals("noopAdvice")) {
            return;
        }
        StubNode replica = StubNode.named(StubPools.REPLICA);
        try (AnnotationConfigApplicationContext ctx = Modes.start(mode)) {
            BenchService service = ctx.getBean(BenchService.class);
            long r0 = replica.statements();
            service.query();
            service.queryInTransaction();
            service.command();
            assertThat(replica.statements()).isEqualTo(r0);
        }
    }
}
