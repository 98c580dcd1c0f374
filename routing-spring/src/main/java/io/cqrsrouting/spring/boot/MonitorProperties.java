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

/** Settings of the background monitor that measures each endpoint's role, health and lag. */
public class MonitorProperties {

    /**
     * Whether the monitor runs. Without it, roles and lag are unknown: bounded-staleness and
     * read-your-writes reads go to the primary.
     */
    private boolean enabled = true;

    /** How often each endpoint is probed; also the precision of measured lag. */
    private Duration interval = Duration.ofMillis(250);

    /** How long one probe may take before its endpoint counts as unreachable. */
    private Duration probeTimeout = Duration.ofSeconds(2);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getProbeTimeout() {
        return probeTimeout;
    }

    public void setProbeTimeout(Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
    }

    @Override
    public String toString() {
        return "[enabled=" + enabled + ", interval=" + interval + ", probeTimeout="
                + probeTimeout + "]";
    }
}
