package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.Urls;

import javax.sql.DataSource;

/** One endpoint as given to the builder: a DataSource, or a JDBC URL and credentials. */
final class EndpointSpec {
    final DataSource dataSource;
    final String url;
    final String username;
    final String password;
    final int weight;
    private DataSource probe;

    /** Builds the pool of an endpoint given by URL. */
    interface Pools {
        HikariDataSource pool(String endpointName, String url, String username, String password);
    }

    private EndpointSpec(DataSource dataSource, String url, String username, String password,
            int weight) {
        this.dataSource = dataSource;
        this.url = url;
        this.username = username;
        this.password = password;
        this.weight = weight;
    }

    static EndpointSpec of(DataSource dataSource, int weight) {
        return new EndpointSpec(dataSource, null, null, null, weight);
    }

    static EndpointSpec of(String url, String username, String password, int weight) {
        return new EndpointSpec(null, url, username, password, weight);
    }

    EndpointSpec probe(DataSource probeDataSource, String setting) {
        if (probeDataSource == null) {
            throw new RoutingConfigurationException(setting + ".probe", "must not be null");
        }
        this.probe = probeDataSource;
        return this;
    }

    void validate(String setting) {
        if (dataSource == null && (url == null || url.isBlank())) {
            throw new RoutingConfigurationException(setting + ".url",
                    "must be a JDBC URL (jdbc:...); was " + (url == null ? "null" : "blank"));
        }
        if (url != null && !url.trim().startsWith("jdbc:")) {
            throw new RoutingConfigurationException(setting + ".url",
                    "must start with 'jdbc:'; was " + Urls.mask(url));
        }
        if (weight < 1) {
            throw new RoutingConfigurationException(setting + ".weight",
                    "must be 1 or more; was " + weight);
        }
    }

    Credentials credentials() {
        return url == null ? null : new Credentials(url, username, password);
    }

    /** An endpoint's URL and credentials, kept only for the monitor's own connections. */
    record Credentials(String url, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + Urls.mask(url) + ", user=" + username + "]";
        }
    }

    Endpoint build(String endpointName, boolean declaredPrimary, Pools pools) {
        if (dataSource != null) {
            Endpoint e = new Endpoint(endpointName, dataSource.getClass().getSimpleName(),
                    dataSource, null, declaredPrimary);
            e.probeDataSource(probe);
            return e;
        }
        HikariDataSource pool = pools.pool(endpointName, url, username, password);
        return new Endpoint(endpointName, Urls.mask(url), pool, pool, declaredPrimary);
    }

    @Override
    public String toString() {
        return dataSource != null ? dataSource.getClass().getSimpleName() : Urls.mask(url);
    }
}
