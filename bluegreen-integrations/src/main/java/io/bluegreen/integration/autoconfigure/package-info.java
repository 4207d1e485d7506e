/**
 * Auto-configuration of the optional integrations, added with the
 * {@code bluegreen-integrations} dependency.
 */
@NullMarked
package io.bluegreen.integration.autoconfigure;

import org.jspecify.annotations.NullMarked;
