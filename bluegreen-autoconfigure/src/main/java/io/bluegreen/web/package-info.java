/**
 * The lifecycle HTTP API of the original design, served on the application's web server.
 */
@NullMarked
package io.bluegreen.web;

import org.jspecify.annotations.NullMarked;
