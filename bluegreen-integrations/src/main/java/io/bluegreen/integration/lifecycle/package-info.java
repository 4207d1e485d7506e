/**
 * The lifecycle API on the application port: pause, resume and status of this instance.
 */
@NullMarked
package io.bluegreen.integration.lifecycle;

import org.jspecify.annotations.NullMarked;
