package io.bluegreen.fleet;

import java.util.Locale;

/**
 * Why a record of the control topic was refused. Few values on purpose: they tag a
 * metric.
 *
 * @author bluegreen
 */
public enum ControlRecordProblem {

	/**
	 * The value is not JSON, not an object, or a field has the wrong type.
	 */
	UNREADABLE,

	/**
	 * A required field is missing or {@code null}.
	 */
	MISSING_FIELD,

	/**
	 * A field is out of its range, such as a version below 1 or a negative offset.
	 */
	OUT_OF_RANGE,

	/**
	 * The key and the value disagree, such as a report under another instance's key.
	 */
	KEY_MISMATCH,

	/**
	 * The record is well formed but the log does not allow it: a state that does not
	 * follow the decided one, such as a decision that ends no switch in progress.
	 */
	INCONSISTENT;

	/**
	 * Return the tag of this problem in metrics and the status.
	 * @return the name in lower case, with dashes
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
