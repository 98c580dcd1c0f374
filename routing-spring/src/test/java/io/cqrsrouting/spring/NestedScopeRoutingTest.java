package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.spring.TestServices.Nodes;
import io.cqrsrouting.spring.TestServices.Outer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** §3.3 primary is sticky downward; scopes are a stack restored in finally. */
@SpringJUnitConfig(RoutingTestConfig.class)
class NestedScopeRoutingTest {

    @Autowired Nodes nodes;
    @Autowired Outer outer;

    @Test
    void queryCalledInsideCommandRunsOnThePrimary() {
        assertThat(outer.queryInsideCommand()).containsExactly(PRIMARY, PRIMARY);
    }

    @Test
    void commandInsideQueryRunsOnThePrimaryAndTheQueryReadsFromTheStandbyAgainAfterwards() {
        assertThat(outer.commandInsideQuery()).containsExactly(STANDBY, PRIMARY, STANDBY);
    }

    @Test
    void exceptionInsideCommandLeavesNoRouteBehind() {
        assertThatThrownBy(nodes::failingCommand).isInstanceOf(IllegalStateException.class);

        assertThat(Routing.currentRoute()).isNull();
        assertThat(Routing.currentIntent()).isNull();
        assertThat(nodes.unannotated()).isEqualTo(PRIMARY);
        assertThat(nodes.query()).isEqualTo(STANDBY);
    }

    @Test
    void exceptionInsideTransactionalCommandLeavesNoRouteBehind() {
        assertThatThrownBy(nodes::failingTransactionalCommand)
                .isInstanceOf(IllegalStateException.class);

        assertThat(Routing.currentRoute()).isNull();
        assertThat(nodes.query()).isEqualTo(STANDBY);
        assertThat(nodes.transactionalQuery()).allSatisfy(s -> assertThat(s).startsWith(STANDBY));
    }

    @Test
    void failedCommandInsideQueryGivesTheQueryItsReplicaBack() {
        assertThat(outer.failingCommandInsideQuery()).containsExactly(STANDBY, STANDBY);
        assertThat(Routing.currentRoute()).isNull();
    }
}
