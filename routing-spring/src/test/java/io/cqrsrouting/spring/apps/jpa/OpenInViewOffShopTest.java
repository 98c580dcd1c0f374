package io.cqrsrouting.spring.apps.jpa;

import org.springframework.test.context.TestPropertySource;

/** {@code spring.jpa.open-in-view=false}: each repository call takes its own connection. */
@TestPropertySource(properties = "spring.jpa.open-in-view=false")
class OpenInViewOffShopTest extends ShopAppContract {

    @Override
    long switchesPerReadThenWrite() {
        return 0;
    }
}
