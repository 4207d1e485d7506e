/**
 * Lifecycle model of a blue/green deployable consumer application and the service that
 * owns its state machine.
 */
@NullMarked
package io.bluegreen.lifecycle;

import org.jspecify.annotations.NullMarked;
