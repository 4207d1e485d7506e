/**
 * The edge of the integrations' HTTP APIs: the filter that checks their writes before
 * their body is read, the Tomcat valve that records each connection's own peer, and the
 * RFC 9457 answers to the requests Spring MVC rejects.
 */
@NullMarked
package io.bluegreen.integration.web;

import org.jspecify.annotations.NullMarked;
