package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.WritesUnavailableException;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Writes-unavailable for {@code JdbcTemplate} writes outside any transaction: an autocommit
 * {@code update} that the router's read-only primary rejects (PostgreSQL SQLState 25006, SQL
 * Server 3906) becomes {@link WritesUnavailableDataAccessException} (HTTP 503 in Spring MVC)
 * instead of the database's raw error, and the router enters writes-unavailable mode at once.
 * No method advice sees such a write (it carries no annotation and opens no transaction), so the
 * translation happens where {@code JdbcTemplate} turns the driver's exception into Spring's.
 *
 * <p>Applied to the {@link JdbcTemplate} and {@link NamedParameterJdbcTemplate} beans whose data
 * source is (or wraps) a {@link RoutingDataSource}, such as Spring Boot's auto-configured ones
 * (and the {@code JdbcClient} built on them): their exception translator is wrapped, and every
 * other failure is translated exactly as before. Templates created with {@code new} outside the
 * container are not changed. Nothing runs on a successful call.
 */
final class JdbcTemplateTranslation implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JdbcTemplate template) {
            wrap(template);
        } else if (bean instanceof NamedParameterJdbcTemplate named
                && named.getJdbcOperations() instanceof JdbcTemplate template) {
            wrap(template);
        }
        return bean;
    }

    private static void wrap(JdbcTemplate template) {
        if (!routes(template.getDataSource())) {
            return;
        }
        SQLExceptionTranslator current = template.getExceptionTranslator();
        if (!(current instanceof Translator)) {
            template.setExceptionTranslator(new Translator(current));
        }
    }

    private static boolean routes(DataSource ds) {
        if (ds == null) {
            return false;
        }
        if (ds instanceof RoutingDataSource) {
            return true;
        }
        try {
            return ds.isWrapperFor(RoutingDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The template's own translator, plus writes-unavailable for a read-only primary. */
    static final class Translator implements SQLExceptionTranslator {
        private final SQLExceptionTranslator delegate;

        Translator(SQLExceptionTranslator delegate) {
            this.delegate = delegate;
        }

        @Override
        public DataAccessException translate(String task, String sql, SQLException ex) {
            // Only a read-only rejection is reported here: lost connections are the routed
            // connection's business, and reporting them twice would probe twice.
            if (FailureClassifier.classify(ex).kind() == FailureKind.READ_ONLY) {
                // The router checks that the node which rejected the statement is its primary
                // (the thread's last endpoint, the one that just ran it).
                WritesUnavailableException readOnly =
                        RoutingSpi.reportFailure(ex, RoutingIntent.command());
                if (readOnly != null) {
                    return new WritesUnavailableDataAccessException(readOnly);
                }
            }
            return delegate.translate(task, sql, ex);
        }
    }
}
