package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Checks at startup that a switch waits long enough for the broker to remove the
 * consumers of a crashed instance: a crashed consumer stays a member of its group for its
 * session timeout, and a switch that gives up before that aborts whenever it follows a
 * crash. The session timeout is the consumer's {@code session.timeout.ms} under the
 * classic protocol and the broker's {@code group.consumer.session.timeout.ms} under the
 * consumer protocol. A mismatch is logged as a warning naming both values and what to
 * change; a broker that cannot be asked is not checked.
 *
 * @author bluegreen
 */
public class SessionTimeoutCheck implements SmartLifecycle {

	/**
	 * Time a switch needs after the broker removed a dead member: the rebalance of the
	 * remaining members and the switch's next look at the group.
	 */
	public static final Duration MARGIN = Duration.ofSeconds(5);

	static final String BROKER_SESSION_TIMEOUT = "group.consumer.session.timeout.ms";

	private static final Duration CLASSIC_DEFAULT = Duration.ofMillis(45_000);

	private static final Log logger = LogFactory.getLog(SessionTimeoutCheck.class);

	private final Duration switchTimeout;

	private final Map<String, Object> consumerConfig;

	private final BrokerMetadata brokerMetadata;

	private volatile @Nullable Duration found;

	private volatile boolean running;

	/**
	 * Create a new check.
	 * @param switchTimeout the time a switch may take
	 * @param consumerConfig the configuration of the managed listeners' consumers
	 * @param brokerMetadata reader of the broker's configuration
	 */
	public SessionTimeoutCheck(Duration switchTimeout, Map<String, Object> consumerConfig,
			BrokerMetadata brokerMetadata) {
		this.switchTimeout = switchTimeout;
		this.consumerConfig = consumerConfig;
		this.brokerMetadata = brokerMetadata;
	}

	/**
	 * Return the time a switch waits at most for the old color to confirm: it gives up a
	 * tenth of its timeout early, to record the abort before other instances would.
	 * @param switchTimeout the time a switch may take
	 * @return the time it waits for the old color
	 */
	public static Duration confirmationWait(Duration switchTimeout) {
		return switchTimeout.minus(switchTimeout.dividedBy(10));
	}

	/**
	 * Return the problem with the given timeouts, if any.
	 * @param switchTimeout the time a switch may take
	 * @param sessionTimeout the session timeout of the consumers, and where it is set
	 * @return a message that names both and what to change, or {@code null} if they agree
	 */
	public static @Nullable String problem(Duration switchTimeout, SessionTimeout sessionTimeout) {
		Duration wait = confirmationWait(switchTimeout);
		if (wait.compareTo(sessionTimeout.value().plus(MARGIN)) >= 0) {
			return null;
		}
		Duration required = sessionTimeout.value().plus(MARGIN).multipliedBy(10).dividedBy(9).plusSeconds(1);
		return "bluegreen.fleet.switch-timeout=" + switchTimeout.toSeconds() + "s waits " + wait.toMillis()
				+ " ms for the old color, less than the session timeout " + sessionTimeout.value().toMillis() + " ms ("
				+ sessionTimeout.source() + ") plus " + MARGIN.toSeconds()
				+ " s: every switch within that time of a crashed instance aborts, waiting for its consumers. Set "
				+ "bluegreen.fleet.switch-timeout to at least " + required.toSeconds() + "s, or lower "
				+ sessionTimeout.source();
	}

	/**
	 * Return the session timeout of the managed consumers, and where it is set.
	 * @return the session timeout
	 * @throws IllegalStateException if the broker's configuration cannot be read
	 */
	public SessionTimeout sessionTimeout() {
		Object protocol = this.consumerConfig.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
		if (protocol != null && "consumer".equals(protocol.toString().toLowerCase(Locale.ROOT))) {
			String value = this.brokerMetadata.brokerConfig(BROKER_SESSION_TIMEOUT);
			Duration timeout = (value != null) ? Duration.ofMillis(Long.parseLong(value)) : CLASSIC_DEFAULT;
			return new SessionTimeout(timeout, "the broker's " + BROKER_SESSION_TIMEOUT
					+ " (group.protocol=consumer; a group's own consumer.session.timeout.ms is not checked)");
		}
		Object value = this.consumerConfig.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
		Duration timeout = (value != null) ? Duration.ofMillis(Long.parseLong(value.toString())) : CLASSIC_DEFAULT;
		return new SessionTimeout(timeout,
				"the consumers' " + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG + " (group.protocol=classic)");
	}

	@Override
	public void start() {
		this.running = true;
		try {
			SessionTimeout sessionTimeout = sessionTimeout();
			this.found = sessionTimeout.value();
			String problem = problem(this.switchTimeout, sessionTimeout);
			if (problem != null) {
				logger.warn(problem);
			}
		}
		catch (RuntimeException ex) {
			logger
				.info("Could not check bluegreen.fleet.switch-timeout against the session timeout: " + ex.getMessage());
		}
	}

	/**
	 * Return the session timeout found at startup.
	 * @return the session timeout, or {@code null} if it could not be read
	 */
	public @Nullable Duration found() {
		return this.found;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * The session timeout of the managed consumers.
	 *
	 * @param value how long a consumer that stopped heartbeating stays in its group
	 * @param source the configuration it comes from
	 */
	public record SessionTimeout(Duration value, String source) {

	}

}
