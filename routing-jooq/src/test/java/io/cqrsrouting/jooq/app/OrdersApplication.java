package io.cqrsrouting.jooq.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot + jOOQ application, written the way such applications are: an injected
 * {@code DSLContext}, generated-style table and record classes, {@code UpdatableRecord}s and a
 * sequence, plain {@code @Transactional}. Nothing in it mentions routing; the tests turn routing on
 * with {@code cqrs.routing.*} properties only.
 */
@SpringBootApplication
public class OrdersApplication {
}
