package io.bluegreen.autoconfigure;

/**
 * Thrown at startup when the name of a fleet's deployment would make its instances read
 * another deployment's control records, or merge with unrelated applications.
 *
 * @author bluegreen
 */
public class InvalidDeploymentNameException extends IllegalStateException {

	private final String deployment;

	private final String source;

	/**
	 * Create a new exception.
	 * @param deployment the name that is refused
	 * @param source the property it came from
	 * @param reason why it is refused
	 */
	public InvalidDeploymentNameException(String deployment, String source, String reason) {
		super("Deployment name '" + deployment + "' (from " + source + ") is not allowed: " + reason);
		this.deployment = deployment;
		this.source = source;
	}

	/**
	 * Return the name that is refused.
	 * @return the name
	 */
	public String getDeployment() {
		return this.deployment;
	}

	/**
	 * Return the property the name came from.
	 * @return the property
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Check the name of a deployment.
	 * @param deployment the name
	 * @param source the property it came from
	 * @throws InvalidDeploymentNameException if it is not allowed
	 */
	static void check(String deployment, String source) {
		if (deployment.indexOf('/') >= 0) {
			throw new InvalidDeploymentNameException(deployment, source,
					"'/' separates the parts of the control records' keys, so instances of '"
							+ deployment.substring(0, deployment.indexOf('/'))
							+ "' would read this deployment's records as their own");
		}
		if (deployment.chars().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new InvalidDeploymentNameException(deployment, source,
					"it contains whitespace or control characters");
		}
		if (deployment.length() > 200) {
			throw new InvalidDeploymentNameException(deployment, source, "it is longer than 200 characters");
		}
		if (deployment.equalsIgnoreCase("application")) {
			throw new InvalidDeploymentNameException(deployment, source,
					"it is the name Spring Boot gives an application that sets none, so unrelated applications "
							+ "would become one fleet");
		}
	}

}
