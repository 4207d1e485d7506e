/**
 * The check of writes to the {@code bluegreen} actuator endpoint on the servlet web
 * server, before the endpoint reads them.
 */
@NullMarked
package io.bluegreen.actuate.endpoint.servlet;

import org.jspecify.annotations.NullMarked;
