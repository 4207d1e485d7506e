package io.bluegreen.readiness;

import java.util.List;

/**
 * One condition of this instance's {@link SwitchReadiness}, such as its listeners'
 * consumers having their partitions.
 *
 * @author bluegreen
 */
@FunctionalInterface
public interface ReadinessCheck {

	/**
	 * Return what this instance still waits for before a switch can be fast.
	 * @return what is missing, each said in a sentence; empty once the condition holds
	 */
	List<String> missing();

}
