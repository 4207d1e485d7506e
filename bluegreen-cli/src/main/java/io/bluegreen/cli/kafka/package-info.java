/**
 * {@code bluegreen switch --bootstrap-server}: the switch of a deployment through its
 * control topic, coordinated by the command line itself with the fleet protocol's own
 * coordinator, for pipelines that cannot reach any instance.
 */
@NullMarked
package io.bluegreen.cli.kafka;

import org.jspecify.annotations.NullMarked;
