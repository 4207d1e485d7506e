package io.bluegreen.console.fleet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which deployment a key of the control topic belongs to.
 */
class DeploymentsTests {

	@Test
	void readsTheDeploymentOfEveryKindOfKey() {
		assertThat(Deployments.deploymentOf("proposal/orders/5f1c")).isEqualTo("orders");
		assertThat(Deployments.deploymentOf("decided/orders/12")).isEqualTo("orders");
		assertThat(Deployments.deploymentOf("instance/orders/orders-blue-0")).isEqualTo("orders");
		assertThat(Deployments.deploymentOf("state/orders")).isEqualTo("orders");
	}

	@Test
	void ignoresKeysOfNoDeployment() {
		assertThat(Deployments.deploymentOf("something/else")).isNull();
		assertThat(Deployments.deploymentOf("instance//x")).isNull();
		assertThat(Deployments.deploymentOf("decided/")).isNull();
		assertThat(Deployments.deploymentOf("state/")).isNull();
	}

	@Test
	void acceptsOnlyNamesAnInstanceCanHave() {
		assertThat(Deployments.isValidName("orders")).isTrue();
		assertThat(Deployments.isValidName("orders/eu")).isFalse();
		assertThat(Deployments.isValidName(" ")).isFalse();
		assertThat(Deployments.isValidName("orders\n")).isFalse();
		assertThat(Deployments.isValidName("o".repeat(201))).isFalse();
	}

}
