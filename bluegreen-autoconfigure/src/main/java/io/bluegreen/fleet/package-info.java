/**
 * The fleet protocol, free of Kafka: the desired state of a deployment decided in a
 * control log, the jobs every instance runs to follow it, and the switch from one color
 * to another, behind the ports {@link io.bluegreen.fleet.ControlLog},
 * {@link io.bluegreen.fleet.ColorOffsets}, {@link io.bluegreen.fleet.GroupMembership} and
 * {@link io.bluegreen.fleet.LocalInstance}.
 */
@NullMarked
package io.bluegreen.fleet;

import org.jspecify.annotations.NullMarked;
