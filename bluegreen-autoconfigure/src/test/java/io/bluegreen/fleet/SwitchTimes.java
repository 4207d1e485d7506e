package io.bluegreen.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the switch times a test measured to {@code target/switch-times/<name>.txt}, and
 * prints them, so the figures in the docs can be reproduced.
 */
final class SwitchTimes {

	private SwitchTimes() {
	}

	static void write(String name, List<Long> toFirstRecord, List<Long> toResponse) {
		String report = "switches: " + toFirstRecord.size() + "\n" + line("request to first record", toFirstRecord)
				+ line("request to response", toResponse);
		System.out.println(name + "\n" + report);
		try {
			Path directory = Files.createDirectories(Path.of("target", "switch-times"));
			Files.writeString(directory.resolve(name + ".txt"), report);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String line(String label, List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		return String.format("%s (ms): p50 %d, p99 %d, max %d, all %s%n", label, percentile(sorted, 50),
				percentile(sorted, 99), sorted.get(sorted.size() - 1), millis);
	}

	private static long percentile(List<Long> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

}
