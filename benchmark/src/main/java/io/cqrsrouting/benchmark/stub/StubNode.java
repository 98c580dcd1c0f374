package io.cqrsrouting.benchmark.stub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pretend database server of the stub driver, named by its URL ({@code jdbc:stub:<name>}). A
 * name containing {@code replica} answers like a hot standby (in recovery, read-only) to the
 * router's probe; any other name answers like a writable primary. Counts the statements executed on
 * it, so a test can prove which pool a call really used.
 */
public final class StubNode {

    private static final ConcurrentHashMap<String, StubNode> NODES = new ConcurrentHashMap<>();

    private final String name;
    private final boolean replica;
    private final LongAdder statements = new LongAdder();
    private final LongAdder connections = new LongAdder();

    private StubNode(String name) {
        this.name = name;
        this.replica = name.contains("replica");
    }

    /**
     * @param name the node name
     * @return the node of that name, created on first use
     */
    public static StubNode named(String name) {
        return NODES.computeIfAbsent(name, StubNode::new);
    }

    /** @return the node's name */
    public String name() {
        return name;
    }

    /** @return whether it answers like a standby */
    public boolean replica() {
        return replica;
    }

    /** @return statements executed on this node so far */
    public long statements() {
        return statements.sum();
    }

    /** @return physical connections opened to this node so far */
    public long connections() {
        return connections.sum();
    }

    void executed() {
        statements.increment();
    }

    void connected() {
        connections.increment();
    }

    @Override
    public String toString() {
        return "StubNode[" + name + (replica ? ", replica" : ", primary") + "]";
    }
}
