package io.bluegreen.kafka.consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pause epoch changes with every pause and resume requested, and only then, so that a
 * consumer's view of an older request never counts for the current one.
 *
 * @author bluegreen
 */
class PauseGateTests {

	private final PauseGate gate = new PauseGate();

	@Test
	void everyChangeOfTheRequestStartsANewEpoch() {
		long initial = this.gate.epoch();
		this.gate.pause();
		assertThat(this.gate.isPauseRequested()).isTrue();
		long paused = this.gate.epoch();
		assertThat(paused).isGreaterThan(initial);
		this.gate.pause();
		assertThat(this.gate.epoch()).as("pause requested again").isEqualTo(paused);
		this.gate.resume();
		assertThat(this.gate.isPauseRequested()).isFalse();
		long resumed = this.gate.epoch();
		assertThat(resumed).isGreaterThan(paused);
		this.gate.resume();
		assertThat(this.gate.epoch()).as("resume requested again").isEqualTo(resumed);
		this.gate.pause();
		assertThat(this.gate.epoch()).isGreaterThan(resumed);
	}

}
