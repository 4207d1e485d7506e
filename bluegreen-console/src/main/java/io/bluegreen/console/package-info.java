/**
 * The bluegreen console: a web application that shows the colors of every deployment in
 * the control topic and switches them through the fleet protocol.
 */
@NullMarked
package io.bluegreen.console;

import org.jspecify.annotations.NullMarked;
