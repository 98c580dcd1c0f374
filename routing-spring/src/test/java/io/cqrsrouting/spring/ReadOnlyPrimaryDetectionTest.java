package io.cqrsrouting.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.WritesUnavailableException;
import io.cqrsrouting.spring.WritesUnavailableTranslationTest.Writer;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A primary that turns read-only before the monitor notices (here: no monitor, and the "primary"
 * is the hot standby): the first rejected write, seen by the interceptor, switches the router to
 * writes-unavailable mode at once. Also shows the interceptor used on a hand-made proxy.
 */
class ReadOnlyPrimaryDetectionTest {

    @Test
    void writeRejectedAsReadOnlyStartsWritesUnavailableModeAtOnce() {
        try (HikariDataSource standby = ReplicaSetSupport.standbyPool();
                RoutingDataSource router = RoutingDataSource.builder().primary(standby)
                        .monitor(false).build()) {
            ProxyFactory factory = new ProxyFactory(new Writer(new JdbcTemplate(router)));
            factory.setProxyTargetClass(true);
            factory.addAdvice(new RoutingInterceptor(true, router));
            Writer writer = (Writer) factory.getProxy();

            assertThatThrownBy(writer::write)
                    .isInstanceOf(WritesUnavailableDataAccessException.class)
                    .hasCauseInstanceOf(WritesUnavailableException.class)
                    .hasMessageContaining("rejected a write as read-only");
            assertThat(router.endpoints().get(0).role()).isEqualTo(NodeRole.READ_ONLY);

            assertThatThrownBy(writer::write)
                    .as("the next command fails fast, before reaching the database")
                    .isInstanceOf(WritesUnavailableDataAccessException.class)
                    .hasMessageContaining("is read-only");
            assertThat(Routing.currentRoute()).isNull();
        }
    }
}
