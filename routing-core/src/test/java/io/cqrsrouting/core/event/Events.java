package io.cqrsrouting.core.event;

import io.cqrsrouting.core.RoutingListener;
import io.cqrsrouting.core.RoutingEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A listener that records everything it hears, for assertions. */
final class Events implements RoutingListener {

    final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(RoutingEvent event) {
        events.add(event);
    }

    /** @return the events of the given kinds, in the order they arrived */
    List<RoutingEvent> of(RoutingEvent.Kind first, RoutingEvent.Kind... more) {
        EnumSet<RoutingEvent.Kind> kinds = EnumSet.of(first, more);
        return events.stream().filter(e -> kinds.contains(e.kind())).toList();
    }

    static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
