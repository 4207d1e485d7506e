/**
 * Blue/green for Kafka Connect connectors: a switch from one stopped-and-resumed
 * connector to another with an exact offset handover, over the Connect REST API.
 */
@NullMarked
package io.bluegreen.cli.connect;

import org.jspecify.annotations.NullMarked;
