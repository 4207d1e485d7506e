package io.bluegreen.console;

import org.junit.jupiter.api.Test;

import io.bluegreen.autoconfigure.BlueGreenProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's defaults are the instances': the console coordinates the switches it
 * starts, so its switch timeout is their deadline.
 */
class ConsolePropertiesTests {

	/**
	 * Regression: the console gave up on a switch after 30 s while the instances allow 60
	 * s, so that a switch right after a crashed instance outlasts its session timeout.
	 */
	@Test
	void timeoutsDefaultToTheInstances() {
		ConsoleProperties console = new ConsoleProperties();
		BlueGreenProperties.Fleet instances = new BlueGreenProperties().getFleet();

		assertThat(console.getSwitchTimeout()).isEqualTo(instances.getSwitchTimeout());
		assertThat(console.getInstanceTimeout()).isEqualTo(instances.getInstanceTimeout());
		assertThat(console.getGroupId()).isEqualTo(instances.getGroupId());
		assertThat(console.getColors()).isEqualTo(instances.getColors());
	}

}
