package io.cqrsrouting.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/** A Spring Boot application configured only by {@code cqrs.routing.*} properties. */
@SpringBootApplication
@EnableAsync
public class BootTestApp {
}
