/**
 * Observability SPI of the router: {@link io.cqrsrouting.core.event.RoutingListener} hears of every
 * state change (endpoint down or up, role change, failover, writes-unavailable entered and left,
 * evictions, aborted connections, retries) as a {@link io.cqrsrouting.core.event.RoutingEvent},
 * and optionally of every routing decision and fallback without any allocation.
 *
 * <p>Register listeners with {@code RoutingDataSource.builder().listener(...)} or
 * {@code RoutingDataSource.addListener(...)}. With none registered, the per-call path does no
 * more than read one field. Events never carry credentials: endpoints are named by their short
 * name ({@code primary}, {@code replica-1}, {@code node-2}) and failure messages are masked.
 */
package io.cqrsrouting.core.event;
