package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.spring.TestServices.Nodes;
import io.cqrsrouting.spring.TestServices.QueryByDefault;
import io.cqrsrouting.spring.TestServices.ReportRepository;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** §3.2 explicit intent and §3.6 default, each proven by the node that served the statement. */
@SpringJUnitConfig(RoutingTestConfig.class)
class ExplicitIntentRoutingTest {

    @Autowired Nodes nodes;
    @Autowired QueryByDefault queryByDefault;
    @Autowired ReportRepository reports;

    @AfterEach
    void noScopeLeftBehind() {
        assertThat(Routing.currentRoute()).isNull();
    }

    @Test
    void queryIsServedByTheStandby() {
        assertThat(nodes.query()).isEqualTo(STANDBY);
    }

    @Test
    void commandIsServedByThePrimary() {
        assertThat(nodes.command()).isEqualTo(PRIMARY);
    }

    @Test
    void consistentReadIsServedByThePrimary() {
        assertThat(nodes.consistent()).isEqualTo(PRIMARY);
    }

    @Test
    void unannotatedCallIsServedByThePrimary() {
        assertThat(nodes.unannotated()).isEqualTo(PRIMARY);
    }

    @Test
    void methodAnnotationBeatsTheClassAnnotation() {
        assertThat(queryByDefault.overridden()).isEqualTo(PRIMARY);
        assertThat(queryByDefault.inherited()).isEqualTo(STANDBY);
    }

    @Test
    void annotationOnTheInterfaceRoutesThroughAJdkProxy() {
        assertThat(AopUtils.isJdkDynamicProxy(reports)).isTrue();
        assertThat(reports.report()).isEqualTo(STANDBY);
    }

    @Test
    void repeatedCallsKeepLandingOnTheirNode() {
        for (int i = 0; i < 50; i++) {
            assertThat(nodes.query()).isEqualTo(STANDBY);
            assertThat(nodes.command()).isEqualTo(PRIMARY);
        }
    }
}
