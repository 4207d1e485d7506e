/**
 * What the integrations with deployment tools share: turning "this instance should be
 * active" or "inactive" into a lifecycle transition, or a fleet switch.
 */
@NullMarked
package io.bluegreen.integration;

import org.jspecify.annotations.NullMarked;
