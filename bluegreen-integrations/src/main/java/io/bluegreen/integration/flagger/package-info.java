/**
 * Flagger's webhooks, which gate and drive the fleet switch of a Flagger Canary.
 */
@NullMarked
package io.bluegreen.integration.flagger;

import org.jspecify.annotations.NullMarked;
