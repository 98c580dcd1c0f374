package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.NoReplicaPolicy;
import io.cqrsrouting.core.ReadsAfterWrite;
import io.cqrsrouting.core.ReplicaSelection;
import io.cqrsrouting.core.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/** A read-only replica endpoint. */
public class ReplicaProperties extends EndpointProperties {

    /** Share of reads relative to the other replicas, for replica-selection=weighted. */
    private int weight = 1;

    public int getWeight() {
        return weight;
    }

    public void setWeight(int weight) {
        this.weight = weight;
    }

    @Override
    String details() {
        return ", weight=" + weight;
    }
}
