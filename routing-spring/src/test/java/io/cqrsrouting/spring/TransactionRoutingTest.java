package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.spring.TestServices.Nodes;
import io.cqrsrouting.spring.TestServices.Outer;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;

/**
 * §3.1 a bound connection never switches, §3.4 the interceptor runs before the transaction starts,
 * in a context whose transaction advisor asks for {@code Ordered.HIGHEST_PRECEDENCE}.
 */
@SpringJUnitConfig(RoutingTestConfig.class)
class TransactionRoutingTest {

    @Autowired Nodes nodes;
    @Autowired Outer outer;

    @AfterEach
    void noScopeLeftBehind() {
        assertThat(Routing.currentRoute()).isNull();
    }

    @Test
    void transactionalQueryOpensItsTransactionOnTheStandbyAndKeepsOneConnection() {
        List<String> statements = nodes.transactionalQuery();

        assertThat(statements).hasSize(3).allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
        assertThat(statements).containsOnly(statements.get(0));
    }

    @Test
    void readOnlyTransactionWithoutRoutingAnnotationCountsAsQuery() {
        List<String> statements = nodes.readOnlyTransaction();

        assertThat(statements).allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
        assertThat(statements).containsOnly(statements.get(0));
    }

    @Test
    void transactionalCommandRunsOnThePrimaryOnOneConnection() {
        List<String> statements = nodes.transactionalCommand();

        assertThat(statements).allSatisfy(s -> assertThat(s).startsWith(PRIMARY + ":"));
        assertThat(statements).containsOnly(statements.get(0));
    }

    @Test
    void commandInsideTransactionalQueryFailsAtOnceNamingTheMethodBeforeAnyStatement() {
        int bodiesBefore = nodes.commandBodies();

        assertThatThrownBy(outer::commandInsideTransactionalQuery)
                .isInstanceOf(RouteConflictException.class)
                .hasMessageContaining("Nodes.command")
                .hasMessageContaining("transaction bound to a replica")
                .hasMessageContaining("Outer.commandInsideTransactionalQuery");
        assertThat(nodes.commandBodies()).as("the command's body never ran")
                .isEqualTo(bodiesBefore);
    }

    @Test
    void queryInsideTransactionalCommandUsesTheCommandsConnection() {
        List<String> seen = outer.queryInsideTransactionalCommand();

        assertThat(seen.get(0)).startsWith(PRIMARY + ":");
        assertThat(seen.get(1)).isEqualTo(PRIMARY);
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
    }

    @Test
    void routingAdvisorRunsBeforeTheTransactionAdvisorEvenWhenThatAsksForHighestPrecedence() {
        List<Advisor> advisors = Arrays.asList(((Advised) nodes).getAdvisors());
        int routing = indexOf(advisors, RoutingAdvisor.class);
        int transaction = indexOf(advisors, BeanFactoryTransactionAttributeSourceAdvisor.class);

        assertThat(routing).isNotNegative().isLessThan(transaction);
        assertThat(((Ordered) advisors.get(transaction)).getOrder())
                .isEqualTo(Ordered.HIGHEST_PRECEDENCE + 1);
    }

    private static int indexOf(List<Advisor> advisors, Class<?> type) {
        for (int i = 0; i < advisors.size(); i++) {
            if (type.isInstance(advisors.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
