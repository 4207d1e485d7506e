package io.bluegreen;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.Liveness;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the packages: the fleet protocol knows no Kafka, the domain no HTTP,
 * the core lifecycle and its auto-configuration do not know the fleet, which plugs in
 * through the lifecycle's transition guard, and no packages depend on each other in a
 * cycle. No class makes threads of its own, bluegreen's schedulers and executors come
 * from one place, and the fleet's steps never wait.
 */
class ArchitectureTests {

	// The module's own classes: scanning the class path for the package reads every jar
	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target", "classes"));

	// Entry points of the fleet that run on their callers' threads, which may wait: the
	// lifecycle's start and stop, a caller that waits for its switch, the status and
	// readiness readers
	private static final Set<String> CALLERS_THREADS = Set.of("DesiredStateFollower.start", "InstanceReporter.stop",
			"FleetService.switchTo", "FleetService.status", "Liveness.live", "DeploymentGuard.start",
			"DeploymentGuard.check", "ControlLogCatchUp.missing");

	private static final DescribedPredicate<JavaCall<?>> OUTSIDE_CALLERS_THREADS = DescribedPredicate
		.describe("outside the entry points that run on their callers' threads", (call) -> !CALLERS_THREADS
			.contains(call.getOrigin().getOwner().getSimpleName() + "." + call.getOrigin().getName()));

	private static final DescribedPredicate<JavaCall<?>> WAITS = DescribedPredicate.describe("a call that waits",
			(call) -> waits(call.getTarget().getOwner(), call.getTarget().getName()));

	private static boolean waits(JavaClass owner, String name) {
		return (owner.isAssignableTo(Future.class) && (name.equals("get") || name.equals("join")))
				|| (owner.isEquivalentTo(Thread.class) && (name.equals("sleep") || name.equals("join")))
				|| (owner.isEquivalentTo(Object.class) && name.equals("wait"))
				|| owner.isEquivalentTo(LockSupport.class)
				|| (owner.isAssignableTo(CountDownLatch.class) && name.equals("await"))
				|| (owner.isAssignableTo(ControlLog.class) && name.equals("awaitReadable"));
	}

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

	/**
	 * The fleet's executor runs every protocol step of an instance, one at a time: a step
	 * that waited for the broker would hold up the others, the switch watchdog among
	 * them. Only the entry points that run on their callers' threads may wait: the start
	 * and stop of the fleet's lifecycle, a switch asked for by a caller that waits for
	 * its end, and the liveness of the status readers.
	 */
	@Test
	void fleetCodeNeverWaitsOutsideItsCallersThreads() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.fleet..")
			.should()
			.callMethodWhere(WAITS.and(OUTSIDE_CALLERS_THREADS))
			.check(classes);
	}

	@Test
	void fleetCodeAsksForTheLivenessOfItsOwnStepsWithoutWaiting() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.fleet..")
			.should()
			.callMethodWhere(target(owner(type(Liveness.class))).and(target(name("live"))).and(OUTSIDE_CALLERS_THREADS))
			.orShould()
			.callMethodWhere(
					target(owner(type(FleetService.class))).and(target(name("status"))).and(OUTSIDE_CALLERS_THREADS))
			.check(classes);
	}

	@Test
	void portsThatGoToTheBrokerAnswerWithCompletions() {
		methods().that()
			.areDeclaredIn(ColorOffsets.class)
			.or()
			.areDeclaredIn(GroupMembership.class)
			.and()
			.doNotHaveName("sessionTimeout")
			.should()
			.haveRawReturnType(CompletableFuture.class)
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
