package io.bluegreen.integration;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the integrations module: its packages are free of cycles, what the tools
 * share and Argo's label follower know nothing of HTTP, and no thread is made by hand.
 */
class IntegrationsArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target", "classes"));

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.bluegreen.integration.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void activationAndPodLabelsAreFreeOfHttp() {
		noClasses().that()
			.resideInAnyPackage("io.bluegreen.integration", "io.bluegreen.integration.argo")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.http..", "org.springframework.web..", "jakarta.servlet..",
					"io.bluegreen.web..")
			.check(classes);
	}

	@Test
	void noThreadIsMadeByHand() {
		noClasses().should()
			.callConstructor(Thread.class, Runnable.class)
			.orShould()
			.callConstructor(Thread.class, Runnable.class, String.class)
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.util.concurrent.Executors")
			.check(classes);
	}

}
