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

/** Routing of Spring Data repositories (read by the registrar before beans exist). */
public class RepositoriesProperties {

    /**
     * Whether Spring Data repositories are routed with no change to their interfaces: reads
     * (read-only transactions, derived find/count/exists queries) on replicas, writes (save,
     * delete, @Modifying) on the primary.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
