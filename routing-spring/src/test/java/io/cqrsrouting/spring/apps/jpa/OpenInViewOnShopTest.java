package io.cqrsrouting.spring.apps.jpa;

import org.springframework.test.context.TestPropertySource;

/**
 * Spring Boot's default, {@code spring.jpa.open-in-view=true}: the request's EntityManager holds
 * the replica connection of its first read, and the write that follows is switched to the
 * primary instead of running (and failing) on the standby.
 */
@TestPropertySource(properties = "spring.jpa.open-in-view=true")
class OpenInViewOnShopTest extends ShopAppContract {

    @Override
    long switchesPerReadThenWrite() {
        return 1;
    }
}
