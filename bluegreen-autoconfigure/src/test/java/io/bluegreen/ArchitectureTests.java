package io.bluegreen;

import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the packages: the fleet protocol knows no Kafka, the domain no HTTP,
 * the core lifecycle and its auto-configuration do not know the fleet, which plugs in
 * through the lifecycle's transition guard, and no packages depend on each other in a
 * cycle. No class makes threads of its own, and bluegreen's schedulers and executors come
 * from one place.
 */
class ArchitectureTests {

	// The module's own classes: scanning the class path for the package reads every jar
	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target", "classes"));

	@Test
	void fleetProtocolHasNoKafkaInIt() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.fleet..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "io.bluegreen.kafka..")
			.check(classes);
	}

	@Test
	void domainIsFreeOfHttp() {
		noClasses().that()
			.resideInAnyPackage("io.bluegreen.fleet..", "io.bluegreen.lifecycle..", "io.bluegreen.kafka..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.http..", "org.springframework.web..", "jakarta.servlet..",
					"io.bluegreen.web..", "io.bluegreen.actuate..")
			.check(classes);
	}

	@Test
	void lifecycleDoesNotKnowTheFleet() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.lifecycle..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bluegreen.fleet..", "io.bluegreen.kafka..")
			.check(classes);
	}

	@Test
	void listenerGuardDoesNotKnowTheFleetsKafkaAdapter() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.kafka.consumer..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.bluegreen.kafka.control..")
			.because("the fleet's adapter drives the guard; both read the broker through io.bluegreen.kafka.broker")
			.check(classes);
	}

	@Test
	void mainCodeMakesNoThreads() {
		noClasses().that()
			.resideInAPackage("io.bluegreen..")
			.should()
			.callConstructorWhere(target(owner(assignableTo(Thread.class))))
			.orShould()
			.callMethodWhere(target(owner(type(Executors.class))))
			.because("threads come from Spring's schedulers and executors, which tests can replace by virtual ones")
			.check(classes);
	}

	@Test
	void schedulersAndExecutorsComeFromBlueGreenThreads() {
		noClasses().that()
			.resideOutsideOfPackage("io.bluegreen.scheduling..")
			.should()
			.callConstructorWhere(target(owner(assignableTo(ExecutorConfigurationSupport.class))))
			.orShould()
			.callConstructorWhere(target(owner(assignableTo(SimpleAsyncTaskExecutor.class))))
			.because("their threads must run with the application's context class loader, whoever hands "
					+ "them their first task")
			.check(classes);
	}

	@Test
	void coreAutoConfigurationDoesNotKnowTheFleet() {
		noClasses().that()
			.haveFullyQualifiedName("io.bluegreen.autoconfigure.BlueGreenAutoConfiguration")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.bluegreen.fleet..")
			.check(classes);
	}

	@Test
	void topLevelPackagesAreFreeOfCycles() {
		slices().matching("io.bluegreen.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.bluegreen.(**)").should().beFreeOfCycles().check(classes);
	}

}
