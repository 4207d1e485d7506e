package io.bluegreen.kafka.consumer;

/**
 * How the application's listeners that acknowledge by hand ({@code MANUAL} or
 * {@code MANUAL_IMMEDIATE} ack mode, without {@code asyncAcks}) acknowledge, and so what
 * a drain of them waits for.
 *
 * @author bluegreen
 */
public enum ManualAcks {

	/**
	 * Every record handed to the listener is acknowledged, acknowledged negatively or
	 * failed on, in any order and from any thread. A drain waits until none is in flight,
	 * although Spring Kafka may have committed past them.
	 */
	EACH,

	/**
	 * The listener may acknowledge only some records: an acknowledgment finishes every
	 * earlier record of its partition. A drain waits until the commit reaches the
	 * consumer's position, as for listeners that Spring Kafka acknowledges.
	 */
	CUMULATIVE

}
