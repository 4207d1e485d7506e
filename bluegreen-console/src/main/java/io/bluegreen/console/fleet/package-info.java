/**
 * The deployments the console follows: each one's control log, the fleet protocol's
 * coordinator run by a participant that consumes nothing, and its groups' lag.
 */
@NullMarked
package io.bluegreen.console.fleet;

import org.jspecify.annotations.NullMarked;
