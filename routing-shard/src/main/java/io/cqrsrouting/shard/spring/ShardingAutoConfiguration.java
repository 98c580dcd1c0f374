package io.cqrsrouting.shard.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.shard.RecoveryListener;
import io.cqrsrouting.shard.RecoveryManager;
import io.cqrsrouting.shard.ShardMapException;
import io.cqrsrouting.shard.ShardMapManager;
import io.cqrsrouting.shard.ShardValidation;
import io.cqrsrouting.shard.ShardedDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

import javax.sql.DataSource;

/**
 * Spring Boot auto-configuration of sharding, from {@code cqrs.routing.sharding.*}
 * ({@link ShardingProperties}):
 * <ul>
 * <li>always: the {@link ShardKeyAdvisor}, so {@code @ShardKey} parameters open shard scopes;</li>
 * <li>with {@code global-map.url}: a {@link ShardMapManager} on a small pool of its own;</li>
 * <li>with {@code map} too, and no application {@code DataSource}: the {@code DataSource} bean is a
 *     {@link ShardedDataSource} over that map, so {@code JdbcTemplate}, the transaction manager,
 *     JPA, jOOQ and MyBatis use it. Runs before Boot's and cqrs-routing's DataSource
 *     auto-configuration.</li>
 * </ul>
 * Missing or invalid settings fail start-up naming the property.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "io.cqrsrouting.spring.boot.CqrsRoutingAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.aop.support.AbstractPointcutAdvisor")
@ConditionalOnBooleanProperty(name = "cqrs.routing.sharding.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShardingProperties.class)
public class ShardingAutoConfiguration {

    /** @return the advisor that opens shard scopes for {@code @ShardKey} parameters */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static ShardKeyAdvisor shardKeyAdvisor() {
        return new ShardKeyAdvisor();
    }

    /** The global map's own pool, closed with the context (after the manager). */
    public static final class GlobalMapPool implements AutoCloseable {
        private final HikariDataSource pool;

        GlobalMapPool(HikariDataSource pool) {
            this.pool = pool;
        }

        DataSource dataSource() {
            return pool;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** @return a 2-connection pool on the shard-map-manager database */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "cqrs.routing.sharding.global-map.url")
    @ConditionalOnMissingBean(ShardMapManager.class)
    public GlobalMapPool cqrsShardGlobalMapPool(ShardingProperties p) {
        ShardingProperties.GlobalMap g = p.getGlobalMap();
        if (g.getUsername() == null || g.getUsername().isBlank()) {
            throw new ShardMapException("cqrs.routing.sharding.global-map.username is required");
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(g.getUrl());
        c.setUsername(g.getUsername());
        c.setPassword(g.getPassword());
        c.setMaximumPoolSize(2);
        c.setMinimumIdle(0);
        c.setPoolName("cqrs-shard-global-map");
        return new GlobalMapPool(new HikariDataSource(c));
    }

    /** @return the shard map manager on the global map */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "cqrs.routing.sharding.global-map.url")
    @ConditionalOnMissingBean
    public ShardMapManager shardMapManager(ShardingProperties p, GlobalMapPool pool) {
        String user = p.getUsername() != null ? p.getUsername() : p.getGlobalMap().getUsername();
        String password = p.getUsername() != null ? p.getPassword() : p.getGlobalMap().getPassword();
        return ShardMapManager.builder().globalMap(pool.dataSource()).credentials(user, password).build();
    }

    /** @return what shard map recovery last found and did (for the {@code cqrsSharding} health indicator) */
    @Bean
    @ConditionalOnBean(ShardMapManager.class)
    @ConditionalOnMissingBean
    public RecoveryStatus cqrsShardRecoveryStatus() {
        return new RecoveryStatus();
    }

    /**
     * @return the manager's {@link RecoveryManager}, reporting every repair step and detection to
     *     every {@link RecoveryListener} bean ({@link RecoveryStatus}, and {@link RecoveryMetrics}
     *     with Micrometer)
     */
    @Bean
    @ConditionalOnBean(ShardMapManager.class)
    @ConditionalOnMissingBean
    public RecoveryManager shardRecoveryManager(ShardMapManager manager, ObjectProvider<RecoveryListener> listeners) {
        return manager.recoveryManager().withListener(new RecoveryListeners(listeners.orderedStream().toList()));
    }

    /** @return the application's DataSource: routed by shard key, then by intent */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "cqrs.routing.sharding.map")
    @ConditionalOnMissingBean(DataSource.class)
    public ShardedDataSource dataSource(ShardingProperties p, ShardMapManager manager) {
        if (p.getPoolSize() < 1) {
            throw new ShardMapException("cqrs.routing.sharding.pool-size must be >= 1: " + p.getPoolSize());
        }
        int poolSize = p.getPoolSize();
        return ShardedDataSource.builder().manager(manager).map(p.getMap())
                .routerCustomizer(b -> b.poolSize(poolSize))
                .fanOutThreads(p.getFanOutThreads()).fanOutTimeout(p.getFanOutTimeout())
                .fanOutShardTimeout(p.getFanOutShardTimeout()).clusterMode(p.isClusterMode())
                .validation(p.getValidation() == null ? ShardValidation.PER_CHECKOUT : p.getValidation()).build();
    }
}
