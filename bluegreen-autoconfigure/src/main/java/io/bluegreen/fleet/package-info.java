/**
 * Fleet coordination: the desired state of a deployment in a Kafka control topic, the
 * agent every instance runs to follow it, and the switch from one color to another.
 */
@NullMarked
package io.bluegreen.fleet;

import org.jspecify.annotations.NullMarked;
