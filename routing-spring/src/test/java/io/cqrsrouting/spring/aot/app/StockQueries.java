package io.cqrsrouting.spring.aot.app;

import io.cqrsrouting.annotation.Query;

/** Routing declared on an interface: the interceptor finds it on the interface's method. */
public interface StockQueries {

    @Query
    String shelf();
}
