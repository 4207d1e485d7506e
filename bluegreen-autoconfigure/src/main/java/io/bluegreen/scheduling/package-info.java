/**
 * The threads bluegreen's own work runs on.
 */
@NullMarked
package io.bluegreen.scheduling;

import org.jspecify.annotations.NullMarked;
