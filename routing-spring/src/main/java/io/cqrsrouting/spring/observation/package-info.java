/**
 * Micrometer Observation support: routing decisions as key values on the current observation
 * ({@link io.cqrsrouting.spring.observation.RoutingObservationListener}).
 */
package io.cqrsrouting.spring.observation;
