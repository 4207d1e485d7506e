/**
 * Auto-configuration of bluegreen.
 */
@NullMarked
package io.bluegreen.autoconfigure;

import org.jspecify.annotations.NullMarked;
