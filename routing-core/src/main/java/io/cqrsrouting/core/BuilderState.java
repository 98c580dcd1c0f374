package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import io.cqrsrouting.dialect.Dialect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * The settings of a {@link RoutingDataSourceBuilder} as given, with their defaults, and the checks
 * that run as a value is given: a required value that is null, an endpoint's missing probe, a
 * token key that is too short — each fails with a {@link RoutingConfigurationException} naming the
 * setting (endpoint settings by position: {@code replicas[1]}, {@code nodes[0]}). Everything that
 * needs the settings together is checked by {@link RoutingAssembly} when the router is built.
 * Mutable and used by one thread, like its builder.
 */
final class BuilderState {

    EndpointSpec primary;
    final List<EndpointSpec> replicas = new ArrayList<>();
    final List<EndpointSpec> nodes = new ArrayList<>();
    Dialect dialect;
    String name;
    Route defaultRoute = Route.PRIMARY;
    Duration maxStaleness;
    ReplicaSelection selection = ReplicaSelection.ROUND_ROBIN;
    NoReplicaPolicy noReplicaPolicy = NoReplicaPolicy.FALLBACK_TO_PRIMARY;
    double primaryReadShare;
    boolean deriveReadOnlyReplica = true;
    boolean failoverGroupListener;
    Boolean checkServingConnection;
    boolean trackWrites = true;
    ReadsAfterWrite readsAfterWrite = ReadsAfterWrite.READ_YOUR_WRITES;
    int poolSize = 10;
    Duration connectionTimeout;
    Duration monitorInterval = Duration.ofMillis(250);
    Duration probeTimeout = Duration.ofSeconds(2);
    boolean monitor = true;
    Duration maxReadYourWritesWait = Duration.ofSeconds(5);
    final List<BiConsumer<String, HikariConfig>> poolCustomizers = new ArrayList<>();
    byte[] tokenSigningKey;
    final List<byte[]> acceptedTokenKeys = new ArrayList<>();
    final List<RoutingListener> listeners = new ArrayList<>();

    /** @return the setting name of the next replica added, {@code replicas[n]} */
    String nextReplica() {
        return "replicas[" + replicas.size() + "]";
    }

    /** @return the setting name of the next node added, {@code nodes[n]} */
    String nextNode() {
        return "nodes[" + nodes.size() + "]";
    }

    /** Adds previous signing keys, each copied, each named {@code acceptedTokenKeys[i]} if invalid. */
    void acceptTokenKeys(byte[]... keys) {
        required("acceptedTokenKeys", keys);
        for (int i = 0; i < keys.length; i++) {
            acceptedTokenKeys.add(tokenKey("acceptedTokenKeys[" + i + "]", keys[i]));
        }
    }

    /** An endpoint given as a {@code DataSource}, which must not be null. */
    static EndpointSpec given(String setting, DataSource dataSource, int weight) {
        return EndpointSpec.of(required(setting, dataSource), weight);
    }

    /** An endpoint given as a {@code DataSource} with its probe; neither may be null. */
    static EndpointSpec given(String setting, DataSource dataSource, DataSource probe) {
        return given(setting, dataSource, 1).probe(probe, setting);
    }

    /** @return a copy of {@code key}, which must be at least 16 bytes (its bytes never shown) */
    static byte[] tokenKey(String setting, byte[] key) {
        if (key == null || key.length < 16) {
            throw new RoutingConfigurationException(setting, "must be at least 16 bytes; was "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        return key.clone();
    }

    static <T> T required(String setting, T value) {
        if (value == null) {
            throw new RoutingConfigurationException(setting, "must not be null");
        }
        return value;
    }
}
