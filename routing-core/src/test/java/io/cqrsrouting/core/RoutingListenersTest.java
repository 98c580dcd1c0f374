package io.cqrsrouting.core;

import io.cqrsrouting.core.RoutingListeners;
import io.cqrsrouting.core.RoutingListener;
import io.cqrsrouting.core.RoutingEvent;
import io.cqrsrouting.core.retry.RetryEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.retry.Retrier;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoutingListenersTest {

    private static final RoutingEvent UP = new RoutingEvent.EndpointUp("c", "replica-1",
            NodeRole.READ_ONLY);

    @Test
    void emptyGroupIsNull() {
        assertThat(RoutingListeners.of(List.of())).isNull();
        assertThat(RoutingListeners.without(null, e -> { })).isNull();
    }

    @Test
    void membersHearInOrderAndAFailingOneIsSkipped() {
        List<String> heard = new ArrayList<>();
        RoutingListener first = e -> heard.add("first " + e.kind());
        RoutingListener broken = e -> {
            throw new IllegalStateException("bug");
        };
        RoutingListener last = e -> heard.add("last " + e.kind());
        RoutingListeners group = RoutingListeners.of(List.of(first, broken, last));

        group.onEvent(UP);

        assertThat(heard).containsExactly("first ENDPOINT_UP", "last ENDPOINT_UP");
    }

    @Test
    void addingAndRemovingMakesNewGroups() {
        List<String> heard = new ArrayList<>();
        RoutingListener a = e -> heard.add("a");
        RoutingListener b = e -> heard.add("b");
        RoutingListeners one = RoutingListeners.with(null, a);
        RoutingListeners two = RoutingListeners.with(one, b);

        assertThat(one.size()).isEqualTo(1);
        assertThat(two.size()).isEqualTo(2);
        assertThat(RoutingListeners.without(two, a).size()).isEqualTo(1);
        assertThat(RoutingListeners.without(one, a)).isNull();
        two.onEvent(UP);
        assertThat(heard).containsExactly("a", "b");
    }

    @Test
    void retriesBecomeEvents() {
        List<RoutingEvent> heard = new ArrayList<>();
        Retrier.Listener adapter = RetryEvents.to(heard::add, "orders");

        adapter.onRetry(2, new Failure(FailureKind.TRANSIENT, "40001", 0, false, null),
                25_000_000L);

        assertThat(heard).containsExactly(
                new RoutingEvent.Retried("orders", 2, FailureKind.TRANSIENT, 25));
    }

    @Test
    void everyKindHasItsRecord() {
        assertThat(RoutingEvent.class.getPermittedSubclasses())
                .hasSize(RoutingEvent.Kind.values().length);
    }
}
