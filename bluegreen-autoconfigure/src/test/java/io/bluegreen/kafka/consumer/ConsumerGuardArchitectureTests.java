package io.bluegreen.kafka.consumer;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The shape of the listener guard: typed calls, no reflective dispatch, and a guard that
 * knows only its {@link GuardHost}, not the containers nor the registry behind it.
 *
 * @author bluegreen
 */
class ConsumerGuardArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target", "classes"));

	@Test
	void consumerSideDispatchesNothingByReflection() {
		noClasses().that()
			.resideInAPackage("io.bluegreen.kafka.consumer..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("java.lang.reflect..")
			.check(classes);
	}

	@Test
	void guardKnowsOnlyItsHost() {
		noClasses().that()
			.haveSimpleNameStartingWith("GuardedConsumer")
			.or()
			.haveSimpleNameStartingWith("ForwardingConsumer")
			.or()
			.haveSimpleNameStartingWith("CommitGuard")
			.or()
			.haveSimpleNameStartingWith("GuardPolls")
			.or()
			.haveSimpleNameStartingWith("GuardRebalanceListener")
			.or()
			.haveSimpleNameStartingWith("NewPartitionHold")
			.or()
			.haveSimpleNameStartingWith("RecordsUntilPause")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("PausePositions")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("ListenerConsumers")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("ConsumerBinding")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("InFlightRecords")
			.check(classes);
	}

}
