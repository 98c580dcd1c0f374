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

/** One database endpoint: JDBC URL and credentials. */
public class EndpointProperties {

    /** JDBC URL of the endpoint. */
    private String url;

    /** Login user of the endpoint. */
    private String username;

    /** Login password of the endpoint. Never logged or shown. */
    private String password;

    /** HikariCP settings of this endpoint's pool; each set value beats cqrs.routing.pool.*. */
    @NestedConfigurationProperty
    private final PoolProperties pool = new PoolProperties();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public PoolProperties getPool() {
        return pool;
    }

    @Override
    public String toString() {
        return "[url=" + Secrets.maskUrl(url) + ", username=" + username + ", password="
                + (password == null ? "null" : "******") + details() + "]";
    }

    String details() {
        return "";
    }
}
