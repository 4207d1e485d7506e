package io.bluegreen.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the console. The Kafka cluster is the one of {@code spring.kafka.*}.
 *
 * @author bluegreen
 */
@ConfigurationProperties("bluegreen.console")
public class ConsoleProperties {

	/**
	 * Control topics to read the deployments from, as the instances'
	 * 'bluegreen.fleet.control-topic'.
	 */
	private List<String> controlTopics = new ArrayList<>(List.of("bluegreen-control"));

	/**
	 * Colors the deployments switch between, as the instances' 'bluegreen.fleet.colors'.
	 */
	private List<String> colors = new ArrayList<>(List.of("blue", "green"));

	/**
	 * Consumer group of a listener in a color, as the instances'
	 * 'bluegreen.fleet.group-id'.
	 */
	private String groupId = "{group}-{color}";

	/**
	 * Time a switch started from the console may take before it is aborted, as the
	 * instances' 'bluegreen.fleet.switch-timeout'. The console coordinates the switches
	 * it starts, so this deadline, not the instances', applies to them.
	 */
	private Duration switchTimeout = Duration.ofSeconds(60);

	/**
	 * Time after its latest report after which an instance counts as live only while one
	 * of its consumers is a member of its color's group, as the instances'
	 * 'bluegreen.fleet.instance-timeout'.
	 */
	private Duration instanceTimeout = Duration.ofSeconds(15);

	/**
	 * Interval at which the pages refresh the lag and the instances that timed out.
	 */
	private Duration refreshInterval = Duration.ofSeconds(3);

	/**
	 * Interval at which the console checks that it can reach the Kafka cluster.
	 */
	private Duration connectionCheckInterval = Duration.ofSeconds(5);

	/**
	 * Maximum number of open pages the console updates live at once. A page opened beyond
	 * it is refused with a 503 problem until another is closed.
	 */
	private int maxLiveSubscribers = 100;

	/**
	 * Maximum number of deployments the console follows, the first ones found in the
	 * control topics. Others are ignored and logged.
	 */
	private int maxDeployments = 100;

	/**
	 * Role a signed-in user needs to switch a deployment. Users without it see the
	 * console read-only.
	 */
	private String switchRole = "BLUEGREEN_OPERATOR";

	/**
	 * Claim of a user signed in with OpenID Connect whose values are granted as roles, so
	 * that a group of the identity provider may switch.
	 */
	private String rolesClaim = "groups";

	/**
	 * Identifier of the console in the control log, as the coordinator of the switches it
	 * starts. Defaults to 'console-' followed by the host name.
	 */
	private @Nullable String instanceId;

	public List<String> getControlTopics() {
		return this.controlTopics;
	}

	public void setControlTopics(List<String> controlTopics) {
		this.controlTopics = controlTopics;
	}

	public List<String> getColors() {
		return this.colors;
	}

	public void setColors(List<String> colors) {
		this.colors = colors;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(String groupId) {
		this.groupId = groupId;
	}

	public Duration getSwitchTimeout() {
		return this.switchTimeout;
	}

	public void setSwitchTimeout(Duration switchTimeout) {
		this.switchTimeout = switchTimeout;
	}

	public Duration getInstanceTimeout() {
		return this.instanceTimeout;
	}

	public void setInstanceTimeout(Duration instanceTimeout) {
		this.instanceTimeout = instanceTimeout;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getConnectionCheckInterval() {
		return this.connectionCheckInterval;
	}

	public void setConnectionCheckInterval(Duration connectionCheckInterval) {
		this.connectionCheckInterval = connectionCheckInterval;
	}

	public int getMaxLiveSubscribers() {
		return this.maxLiveSubscribers;
	}

	public void setMaxLiveSubscribers(int maxLiveSubscribers) {
		this.maxLiveSubscribers = maxLiveSubscribers;
	}

	public int getMaxDeployments() {
		return this.maxDeployments;
	}

	public void setMaxDeployments(int maxDeployments) {
		this.maxDeployments = maxDeployments;
	}

	public String getSwitchRole() {
		return this.switchRole;
	}

	public void setSwitchRole(String switchRole) {
		this.switchRole = switchRole;
	}

	public String getRolesClaim() {
		return this.rolesClaim;
	}

	public void setRolesClaim(String rolesClaim) {
		this.rolesClaim = rolesClaim;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

}
