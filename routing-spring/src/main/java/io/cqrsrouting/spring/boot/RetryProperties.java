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

/**
 * Method-level retry: reads are retried after connection loss, transient errors and replica
 * conflicts; commands only when {@code @Command(idempotent = true)} or when the database
 * provably applied nothing; nothing inside a caller's transaction; timeouts never.
 */
public class RetryProperties {

    /** Whether routed calls are retried. Each call then copies its method invocation. */
    private boolean enabled = true;

    /**
     * Starting values for the settings below: "default" (3 attempts, 50 ms doubling to 1 s,
     * 10 s in all) or "azure-sql" (6 attempts, 5 s doubling to 60 s, 2 min in all: Azure's
     * guidance for reconfigurations). Settings given explicitly override the profile.
     */
    private RetryProfile profile = RetryProfile.DEFAULT;

    /** Attempts in all, the first included (default from the profile). */
    private Integer maxAttempts;

    /** Delay before the first retry; doubles each time, with jitter (default from the profile). */
    private Duration initialBackoff;

    /** Longest delay between two attempts (default from the profile). */
    private Duration maxBackoff;

    /** Overall time budget of one call, retries included (default from the profile). */
    private Duration deadline;

    public RetryProfile getProfile() {
        return profile;
    }

    public void setProfile(RetryProfile profile) {
        this.profile = profile;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getDeadline() {
        return deadline;
    }

    public void setDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public String toString() {
        return "Retry[enabled=" + enabled + ", profile=" + profile + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", deadline=" + deadline + "]";
    }

    /** Starting values of the retry settings. */
    public enum RetryProfile {
        /** Short retries for self-managed databases: 3 attempts, up to 1 s apart, 10 s in all. */
        DEFAULT,
        /** Azure SQL Database / Managed Instance: 6 attempts, 5 s to 60 s apart, 2 min in all. */
        AZURE_SQL
    }
}
