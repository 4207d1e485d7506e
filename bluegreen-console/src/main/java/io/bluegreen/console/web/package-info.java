/**
 * The console's pages, their live updates, the switch request and who may make it.
 */
@NullMarked
package io.bluegreen.console.web;

import org.jspecify.annotations.NullMarked;
