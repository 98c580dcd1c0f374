package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.ShardValidation;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code cqrs.routing.sharding.*}: where the global shard map is, which map the application's
 * {@code DataSource} routes over, and the credentials for the shard databases.
 *
 * <pre>
 * cqrs.routing.sharding.map=customers
 * cqrs.routing.sharding.global-map.url=jdbc:postgresql://smm:5432/shardmaps
 * cqrs.routing.sharding.global-map.username=app
 * cqrs.routing.sharding.global-map.password=${SMM_PASSWORD}
 * cqrs.routing.sharding.username=app                 # for the shards (default: the global map's)
 * cqrs.routing.sharding.password=${SHARD_PASSWORD}
 * </pre>
 */
@ConfigurationProperties("cqrs.routing.sharding")
public class ShardingProperties {

    /** Whether the sharding auto-configuration is on. */
    private boolean enabled = true;
    /** The shard map the auto-configured DataSource routes over. */
    private String map;
    /** User for the shard databases; defaults to global-map.username. */
    private String username;
    /** Password for the shard databases; defaults to global-map.password. */
    private String password;
    /** Connections per node pool of every shard. */
    private int poolSize = 10;
    /** Threads of the fan-out pool. */
    private int fanOutThreads = 8;
    /** How long a fan-out waits for all shards. */
    private Duration fanOutTimeout = Duration.ofSeconds(30);

    /** How long one shard of a fan-out may take, from when its task starts; at most fan-out-timeout. */
    private Duration fanOutShardTimeout = Duration.ofSeconds(10);

    /**
     * Whether every shard's URLs are the nodes of a self-managed cluster whose roles each shard's
     * router discovers (a promotion inside a shard needs no change to the shard map).
     */
    private boolean clusterMode;

    /**
     * How connections are checked against the shard's local map: per-checkout (a query at every
     * checkout) or lease (a pooled primary connection is valid by its validation lease).
     */
    private ShardValidation validation = ShardValidation.PER_CHECKOUT;
    private final GlobalMap globalMap = new GlobalMap();

    /** The shard-map-manager database. */
    public static class GlobalMap {
        /** JDBC URL of the shard-map-manager database. */
        private String url;
        /** Its user. */
        private String username;
        /** Its password. */
        private String password;

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

        @Override
        public String toString() {
            return "GlobalMap[" + url + ", user " + username + "]";
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getMap() {
        return map;
    }

    public void setMap(String map) {
        this.map = map;
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

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getFanOutThreads() {
        return fanOutThreads;
    }

    public void setFanOutThreads(int fanOutThreads) {
        this.fanOutThreads = fanOutThreads;
    }

    public Duration getFanOutTimeout() {
        return fanOutTimeout;
    }

    public void setFanOutTimeout(Duration fanOutTimeout) {
        this.fanOutTimeout = fanOutTimeout;
    }

    public Duration getFanOutShardTimeout() {
        return fanOutShardTimeout;
    }

    public void setFanOutShardTimeout(Duration fanOutShardTimeout) {
        this.fanOutShardTimeout = fanOutShardTimeout;
    }

    public boolean isClusterMode() {
        return clusterMode;
    }

    public void setClusterMode(boolean clusterMode) {
        this.clusterMode = clusterMode;
    }

    public ShardValidation getValidation() {
        return validation;
    }

    public void setValidation(ShardValidation validation) {
        this.validation = validation;
    }

    public GlobalMap getGlobalMap() {
        return globalMap;
    }

    @Override
    public String toString() {
        return "ShardingProperties[map " + map + ", " + globalMap + "]";
    }
}
