package io.cqrsrouting.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * HikariCP settings of the pools the router builds, under HikariCP's own names: globally under
 * {@code cqrs.routing.pool.*}, and per endpoint under {@code cqrs.routing.primary.pool.*},
 * {@code cqrs.routing.replicas[n].pool.*} or {@code cqrs.routing.nodes[n].pool.*}, where a set
 * value beats the global one. Unset values keep HikariCP's defaults, except
 * {@code maximum-pool-size} (10) and {@code connection-timeout} (5s; 30s for SQL Server URLs).
 *
 * <p>The pool name is always {@code cqrs-<router>-<endpoint>}; the password never appears in
 * {@link #toString()}.
 */
public class PoolProperties {

    /** Maximum number of connections in the pool (HikariCP 'maximumPoolSize'). Default 10. */
    private Integer maximumPoolSize;

    /** Minimum number of idle connections kept (HikariCP 'minimumIdle'; default: the maximum). */
    private Integer minimumIdle;

    /** How long a call waits for a connection (HikariCP 'connectionTimeout'). Default 5s, 30s for SQL Server. */
    private Duration connectionTimeout;

    /** How long a connection may sit idle above minimum-idle (HikariCP 'idleTimeout'). */
    private Duration idleTimeout;

    /** Longest life of a connection in the pool (HikariCP 'maxLifetime'). */
    private Duration maxLifetime;

    /** How often an idle connection is kept alive (HikariCP 'keepaliveTime'). */
    private Duration keepaliveTime;

    /** How long a connection is tested for aliveness (HikariCP 'validationTimeout'). */
    private Duration validationTimeout;

    /** How long a connection may be out of the pool before a leak is logged (HikariCP 'leakDetectionThreshold'). */
    private Duration leakDetectionThreshold;

    /** SQL run on every new connection (HikariCP 'connectionInitSql'). */
    private String connectionInitSql;

    /** Test query for drivers without JDBC4 isValid() (HikariCP 'connectionTestQuery'). */
    private String connectionTestQuery;

    /** Default auto-commit of connections (HikariCP 'autoCommit'). */
    private Boolean autoCommit;

    /** Default transaction isolation, e.g. TRANSACTION_READ_COMMITTED (HikariCP 'transactionIsolation'). */
    private String transactionIsolation;

    /** Default schema of connections (HikariCP 'schema'). */
    private String schema;

    /** Default catalog of connections (HikariCP 'catalog'). */
    private String catalog;

    /** JDBC driver class, when DriverManager cannot find it from the URL (HikariCP 'driverClassName'). */
    private String driverClassName;

    /** Whether the pool registers JMX MBeans (HikariCP 'registerMbeans'). */
    private Boolean registerMbeans;

    /** Driver properties set on every connection (HikariCP 'dataSourceProperties'). */
    private Map<String, String> dataSourceProperties = new LinkedHashMap<>();

    /** Former name of maximum-pool-size. */
    private Integer maxSize;

    public Integer getMaximumPoolSize() {
        return maximumPoolSize;
    }

    public void setMaximumPoolSize(Integer maximumPoolSize) {
        this.maximumPoolSize = maximumPoolSize;
    }

    public Integer getMinimumIdle() {
        return minimumIdle;
    }

    public void setMinimumIdle(Integer minimumIdle) {
        this.minimumIdle = minimumIdle;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public Duration getKeepaliveTime() {
        return keepaliveTime;
    }

    public void setKeepaliveTime(Duration keepaliveTime) {
        this.keepaliveTime = keepaliveTime;
    }

    public Duration getValidationTimeout() {
        return validationTimeout;
    }

    public void setValidationTimeout(Duration validationTimeout) {
        this.validationTimeout = validationTimeout;
    }

    public Duration getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
    }

    public String getConnectionInitSql() {
        return connectionInitSql;
    }

    public void setConnectionInitSql(String connectionInitSql) {
        this.connectionInitSql = connectionInitSql;
    }

    public String getConnectionTestQuery() {
        return connectionTestQuery;
    }

    public void setConnectionTestQuery(String connectionTestQuery) {
        this.connectionTestQuery = connectionTestQuery;
    }

    public Boolean getAutoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(Boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    public String getTransactionIsolation() {
        return transactionIsolation;
    }

    public void setTransactionIsolation(String transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getCatalog() {
        return catalog;
    }

    public void setCatalog(String catalog) {
        this.catalog = catalog;
    }

    public String getDriverClassName() {
        return driverClassName;
    }

    public void setDriverClassName(String driverClassName) {
        this.driverClassName = driverClassName;
    }

    public Boolean getRegisterMbeans() {
        return registerMbeans;
    }

    public void setRegisterMbeans(Boolean registerMbeans) {
        this.registerMbeans = registerMbeans;
    }

    public Map<String, String> getDataSourceProperties() {
        return dataSourceProperties;
    }

    public void setDataSourceProperties(Map<String, String> dataSourceProperties) {
        this.dataSourceProperties = dataSourceProperties;
    }

    /**
     * @return the former name of maximum-pool-size
     * @deprecated use {@code maximum-pool-size}
     */
    @Deprecated
    @DeprecatedConfigurationProperty(replacement = "cqrs.routing.pool.maximum-pool-size",
            since = "0.1.0")
    public Integer getMaxSize() {
        return maxSize;
    }

    /**
     * @param maxSize the former name of maximum-pool-size
     * @deprecated use {@code maximum-pool-size}
     */
    @Deprecated
    public void setMaxSize(Integer maxSize) {
        this.maxSize = maxSize;
    }

    /** @return maximum-pool-size, else the deprecated max-size, else null */
    Integer effectiveMaximumPoolSize() {
        return maximumPoolSize != null ? maximumPoolSize : maxSize;
    }

    @Override
    public String toString() {
        // data-source-properties may hold secrets (a driver 'password' property): keys only
        return "[maximumPoolSize=" + effectiveMaximumPoolSize() + ", minimumIdle=" + minimumIdle
                + ", connectionTimeout=" + connectionTimeout + ", idleTimeout=" + idleTimeout
                + ", maxLifetime=" + maxLifetime + ", keepaliveTime=" + keepaliveTime
                + ", validationTimeout=" + validationTimeout + ", leakDetectionThreshold="
                + leakDetectionThreshold + ", dataSourceProperties="
                + dataSourceProperties.keySet() + "]";
    }
}
