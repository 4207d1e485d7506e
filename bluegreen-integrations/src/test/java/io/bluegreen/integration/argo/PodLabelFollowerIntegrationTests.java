package io.bluegreen.integration.argo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Following the label Argo Rollouts writes, through a labels file replaced the way the
 * kubelet replaces a Downward API file (a new file moved into place).
 */
class PodLabelFollowerIntegrationTests {

	private static final int PARTITIONS = 3;

	@TempDir
	Path podinfo;

	private Load load;

	private ConfigurableApplicationContext app;

	private FleetInstances fleet;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.load != null) {
			this.load.close();
		}
		if (this.app != null) {
			this.app.close();
		}
		if (this.fleet != null) {
			this.fleet.close();
		}
	}

	@Test
	void anInstanceResumesWhenItsPodTurnsActiveAndDrainsWhenItTurnsPreview() throws Exception {
		Path labels = this.podinfo.resolve("labels");
		writeLabels(labels, "preview");
		String topic = EmbeddedBroker.createTopic("argo", PARTITIONS);
		this.app = OrdersTestApplication.start(WebApplicationType.NONE, "test.topic=" + topic,
				"spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("argo"), "bluegreen.color=green",
				"bluegreen.initial-state=PAUSED", "bluegreen.argo.enabled=true", "bluegreen.argo.labels-file=" + labels,
				"bluegreen.argo.poll-interval=100ms");
		OrdersTestApplication.awaitBalanced(this.app, PARTITIONS);
		RecordLog records = this.app.getBean(RecordLog.class);
		LifecycleService lifecycle = this.app.getBean(LifecycleService.class);
		this.load = new Load(topic, PARTITIONS);
		this.load.startContinuous(5);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> records.count() == 0);
		assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);

		writeLabels(labels, "active");

		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.ACTIVE);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records.count() > 50);

		writeLabels(labels, "preview");

		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
		int processed = records.count();
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> records.count() == processed);

		this.load.stop();
		Map<TopicPartition, Long> end = this.load.endOffsets();
		writeLabels(labels, "active");
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> records.nextOffsets().entrySet().containsAll(end.entrySet()));
		records.offsetsByPartition()
			.forEach((partition, offsets) -> assertThat(offsets).as("offsets of " + partition)
				.doesNotHaveDuplicates()
				.isSorted()
				.hasSize(end.get(partition).intValue()));
	}

	@Test
	void inAFleetTheNewActivePodSwitchesTheDeploymentToItsColor() throws Exception {
		Path blueLabels = this.podinfo.resolve("blue-labels");
		Path greenLabels = this.podinfo.resolve("green-labels");
		writeLabels(blueLabels, "active");
		writeLabels(greenLabels, "preview");
		String topic = EmbeddedBroker.createTopic("argo-fleet", PARTITIONS);
		this.fleet = new FleetInstances(topic, "bluegreen.argo.enabled=true", "bluegreen.argo.poll-interval=100ms");
		this.load = new Load(topic, PARTITIONS);
		this.fleet.start("blue-1", "blue", "bluegreen.argo.labels-file=" + blueLabels);
		this.fleet.start("green-1", "green", "bluegreen.argo.labels-file=" + greenLabels);
		this.fleet.awaitReady(PARTITIONS);
		this.load.startContinuous(5);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.processedBy("blue") > 50);
		assertThat(this.fleet.processedBy("green")).isZero();

		// Argo promotes: the new pods get activeMetadata, the old ones previewMetadata
		writeLabels(greenLabels, "active");
		writeLabels(blueLabels, "preview");

		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> "green".equals(this.fleet.service("blue-1").status().active()));
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.state("green-1") == LifecycleState.ACTIVE);
		assertThat(this.fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
		this.load.stop();
		Map<TopicPartition, Long> end = this.load.endOffsets();
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> this.fleet.processed().size() >= end.values().stream().mapToLong(Long::longValue).sum());
		this.fleet.assertEveryRecordProcessedOnceInOrder(end);
		assertThat(this.fleet.colorChanges()).isEqualTo(1);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRefusedLabelIsLoggedWithTheProblemAndChangesNothing(CapturedOutput output) throws Exception {
		Path blueLabels = this.podinfo.resolve("blue-labels");
		Path greenLabels = this.podinfo.resolve("green-labels");
		writeLabels(blueLabels, "active");
		writeLabels(greenLabels, "preview");
		String topic = EmbeddedBroker.createTopic("argo-refused", PARTITIONS);
		this.fleet = new FleetInstances(topic, "bluegreen.argo.enabled=true", "bluegreen.argo.poll-interval=100ms");
		this.load = new Load(topic, PARTITIONS);
		this.fleet.start("blue-1", "blue", "bluegreen.argo.labels-file=" + blueLabels);
		this.fleet.start("green-1", "green", "bluegreen.argo.labels-file=" + greenLabels);
		this.fleet.awaitReady(PARTITIONS);
		this.load.startContinuous(5);

		// The active color cannot pause on its own: it pauses when another becomes active
		writeLabels(blueLabels, "preview");

		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> output.getOut()
				.contains("Label role=preview not applied yet (refused): Color 'blue' is the "
						+ "active color of deployment '" + this.fleet.deployment() + "'"));
		assertThat(this.fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
		assertThat(this.fleet.service("blue-1").status().active()).isEqualTo("blue");
		long processed = this.fleet.processedBy("blue");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.processedBy("blue") > processed + 20);
		assertThat(this.fleet.processedBy("green")).isZero();
	}

	private static void writeLabels(Path labels, String role) throws IOException {
		Path next = labels.resolveSibling(labels.getFileName() + ".next");
		Files.writeString(next, "app=\"orders\"\nrole=\"" + role + "\"\nrollouts-pod-template-hash=\"5c8d7f9b6\"\n");
		Files.move(next, labels, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
