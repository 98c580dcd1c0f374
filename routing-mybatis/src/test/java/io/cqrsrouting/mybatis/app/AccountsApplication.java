package io.cqrsrouting.mybatis.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot + mybatis-spring-boot-starter application, written the way such applications
 * are written: a {@code @Mapper} interface with an XML mapper that enables the second-level cache
 * ({@code <cache/>}), and a {@code @Service} with plain {@code @Transactional} methods. Nothing in
 * it mentions routing; the tests turn routing on with {@code cqrs.routing.*} properties only.
 */
@SpringBootApplication
public class AccountsApplication {
}
