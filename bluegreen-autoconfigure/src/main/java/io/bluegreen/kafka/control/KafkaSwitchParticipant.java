package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.Liveness;
import io.bluegreen.fleet.Proposer;
import io.bluegreen.fleet.SingleThreadFleetExecutor;
import io.bluegreen.fleet.SpectatorInstance;
import io.bluegreen.fleet.SwitchCoordinator;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A participant of one deployment's fleet protocol that consumes nothing: it reads the
 * control topic, tells which instances are live, and coordinates switches exactly as an
 * instance does, with the same {@link SwitchCoordinator}. The console and the command
 * line switch through it without reaching any instance.
 *
 * @author bluegreen
 */
public class KafkaSwitchParticipant implements AutoCloseable {

	/**
	 * How long a proposal may take to be decided before its outcome is reported as
	 * unknown, as for the instances.
	 */
	private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(15);

	private final FleetSettings settings;

	private final String controlTopic;

	private final KafkaControlLog log;

	private final SingleThreadFleetExecutor executor;

	private final GroupOffsetsWriter offsetsWriter;

	private final BrokerMetadata brokerMetadata;

	private final BrokerCalls brokerCalls;

	private final Liveness liveness;

	private final FleetService service;

	/**
	 * Create a participant; {@link #start()} connects it.
	 * @param connection the Kafka client configuration to connect with (bootstrap
	 * servers, security)
	 * @param controlTopic the control topic of the deployment
	 * @param groupIdPattern the consumer group of a color, as its instances'
	 * {@code bluegreen.fleet.group-id}
	 * @param settings the deployment, the participant's id, the colors and the durations
	 * of the fleet protocol, as its instances'; the participant's own color and initial
	 * state are never used, as it has no listener to consume with
	 */
	public KafkaSwitchParticipant(Map<String, Object> connection, String controlTopic, String groupIdPattern,
			FleetSettings settings) {
		this.settings = settings;
		this.controlTopic = controlTopic;
		String deployment = settings.deployment();
		String participantId = settings.instanceId();
		JsonMapper jsonMapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		// An existing control topic is used as it is:
		// its durability is the instances' concern
		ControlTopic topic = new ControlTopic(connection, controlTopic, ControlTopic.BROKER_DEFAULT,
				ControlTopic.BROKER_DEFAULT, Duration.ofSeconds(10));
		this.log = new KafkaControlLog(connection, topic, deployment, participantId,
				new ControlRecordCodec(deployment, jsonMapper));
		this.executor = new SingleThreadFleetExecutor("bluegreen-switch-" + deployment);
		this.offsetsWriter = new GroupOffsetsWriter(() -> new KafkaProducer<>(offsetsProducerConfig(connection)));
		this.brokerMetadata = new BrokerMetadata(() -> Admin.create(connection));
		this.brokerCalls = BrokerCalls.withOwnThreads("bluegreen-switch-broker-" + deployment + "-");
		ColorOffsets offsets = new KafkaColorOffsets(this.brokerMetadata, this.offsetsWriter, this.brokerCalls);
		GroupMembership membership = new KafkaGroupMembership(this.brokerMetadata, this.brokerCalls);
		this.liveness = new Liveness(this.settings, membership);
		Proposer proposer = new Proposer(this.settings, this.liveness, this.log, this.executor,
				() -> UUID.randomUUID().toString(), PROPOSAL_TIMEOUT);
		SwitchCoordinator coordinator = new SwitchCoordinator(this.settings, this.log, proposer, offsets, membership,
				new SpectatorInstance(groupIdPattern), this.executor);
		this.service = new FleetService(this.settings, this.log, this.liveness, coordinator, this.executor, (event) -> {
		});
	}

	private Map<String, Object> offsetsProducerConfig(Map<String, Object> connection) {
		Map<String, Object> config = new HashMap<>(connection);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "bluegreen-offsets-" + this.settings.instanceId());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
				"bluegreen-offsets-" + this.settings.deployment() + "-" + this.settings.instanceId());
		config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return config;
	}

	/**
	 * Start reading the control topic, and prepare the transactional producer of the
	 * offset handover in the background.
	 */
	public void start() {
		this.log.start();
		this.offsetsWriter.start();
	}

	/**
	 * Return the settings the participant follows the protocol with.
	 * @return the settings
	 */
	public FleetSettings settings() {
		return this.settings;
	}

	/**
	 * Return the control log as the participant reads it.
	 * @return the log
	 */
	public ControlLog log() {
		return this.log;
	}

	/**
	 * Return which instances are live.
	 * @return the liveness
	 */
	public Liveness liveness() {
		return this.liveness;
	}

	/**
	 * Return the fleet's service, for its status. Switch through
	 * {@link #startSwitch(String, String, String)}, which never records a first state.
	 * @return the service
	 */
	public FleetService service() {
		return this.service;
	}

	/**
	 * Switch the deployment to a color, coordinated by this participant. A participant
	 * never records a first state: it has no color of its own and cannot tell which color
	 * consumes, so without a decided state in the control topic (a new or recreated
	 * topic) the switch is refused and nothing is written; the instances establish the
	 * first state.
	 * @param to the color to make active
	 * @param requestedBy who asked, recorded with the switch, or {@code null}
	 * @param reason why, recorded with the switch, or {@code null}
	 * @return how the switch ended
	 */
	public CompletableFuture<SwitchResult> startSwitch(String to, @Nullable String requestedBy,
			@Nullable String reason) {
		FleetView view = this.log.view();
		if (view.readable() && view.desired() == null) {
			return CompletableFuture.completedFuture(SwitchResult.of(SwitchOutcome.CONFLICT, this.settings.deployment(),
					null, to, "the deployment has no decided state in " + this.controlTopic
							+ "; its instances must establish it first"));
		}
		return this.service.startSwitch(to, requestedBy, reason);
	}

	@Override
	public void close() {
		this.log.stop();
		this.offsetsWriter.destroy();
		this.executor.destroy();
		this.brokerCalls.destroy();
		this.brokerMetadata.destroy();
	}

}
