/**
 * Health contribution of the lifecycle.
 */
@NullMarked
package io.bluegreen.actuate.health;

import org.jspecify.annotations.NullMarked;
