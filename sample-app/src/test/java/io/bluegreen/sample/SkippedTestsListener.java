package io.bluegreen.sample;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Names every skipped test and why, on the build's console. The checks that need a tool
 * from outside the JVM (promtool, the schema validator) skip themselves when it is
 * missing, and Surefire reports only a count of skipped tests, with the reasons in its
 * XML files.
 * <p>
 * Registered through {@code META-INF/services}. It writes to the process's own standard
 * error: Surefire sends the tests' {@code System.out} and {@code System.err} to files
 * ({@code redirectTestOutputToFile}), but passes the forked JVM's standard error through
 * to the console.
 */
public class SkippedTestsListener implements TestExecutionListener {

	private final PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
			StandardCharsets.UTF_8);

	@Override
	public void executionSkipped(TestIdentifier test, String reason) {
		report(test, reason);
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
			report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
		}
	}

	private void report(TestIdentifier test, String reason) {
		this.console.println("[WARNING] Skipped " + name(test) + ": " + reason);
	}

	private static String name(TestIdentifier test) {
		TestSource source = test.getSource().orElse(null);
		if (source instanceof MethodSource method) {
			return simpleName(method.getClassName()) + "." + method.getMethodName();
		}
		if (source instanceof ClassSource type) {
			return simpleName(type.getClassName());
		}
		return test.getDisplayName();
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

}
