package io.bluegreen.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a refused deployment name and how to name the deployment.
 *
 * @author bluegreen
 */
class InvalidDeploymentNameFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDeploymentNameException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDeploymentNameException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set bluegreen.fleet.deployment to a name of this application's own, the same for every color "
						+ "and instance, without '/' or whitespace, such as 'orders' or 'orders.eu-west'.",
				cause);
	}

}
