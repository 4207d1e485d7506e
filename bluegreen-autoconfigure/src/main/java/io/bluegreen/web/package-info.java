/**
 * bluegreen's HTTP edge on the servlet web server: who may change state, the one mapping
 * of outcomes to status codes, and the RFC 9457 problems every refusal is answered with.
 */
@NullMarked
package io.bluegreen.web;

import org.jspecify.annotations.NullMarked;
