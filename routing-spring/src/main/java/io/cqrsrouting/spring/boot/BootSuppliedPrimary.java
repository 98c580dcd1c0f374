package io.cqrsrouting.spring.boot;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The primary an application already declares to Boot, for when {@code cqrs.routing.primary.*} is
 * absent: a {@code JdbcConnectionDetails} bean (Testcontainers {@code @ServiceConnection}, Docker
 * Compose), else {@code spring.datasource.url/username/password}. Boot's own precedence: connection
 * details beat properties.
 */
final class BootSuppliedPrimary {

    private static final String CONNECTION_DETAILS =
            "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails";

    private BootSuppliedPrimary() {
    }

    /**
     * @return the primary endpoint, or null when Boot supplies none
     */
    static EndpointProperties find(ListableBeanFactory beans, Environment environment) {
        if (ClassUtils.isPresent(CONNECTION_DETAILS, BootSuppliedPrimary.class.getClassLoader())) {
            EndpointProperties fromDetails = ConnectionDetails.find(beans);
            if (fromDetails != null) {
                return fromDetails;
            }
        }
        Binder binder = Binder.get(environment);
        String url = binder.bind("spring.datasource.url", String.class).orElse(null);
        if (url == null || url.isBlank()) {
            return null;
        }
        EndpointProperties primary = new EndpointProperties();
        primary.setUrl(url);
        primary.setUsername(binder.bind("spring.datasource.username", String.class).orElse(null));
        primary.setPassword(binder.bind("spring.datasource.password", String.class).orElse(null));
        return primary;
    }

    /** Touches {@code JdbcConnectionDetails} only when spring-boot-jdbc is on the class path. */
    private static final class ConnectionDetails {

        static EndpointProperties find(ListableBeanFactory beans) {
            org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails details =
                    beans.getBeanProvider(
                            org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails.class)
                            .getIfUnique();
            if (details == null || details.getJdbcUrl() == null) {
                return null;
            }
            EndpointProperties primary = new EndpointProperties();
            primary.setUrl(details.getJdbcUrl());
            primary.setUsername(details.getUsername());
            primary.setPassword(details.getPassword());
            return primary;
        }
    }
}
