package io.bluegreen.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what a run measured as the indented JSON of its results file.
 *
 * @author bluegreen
 */
final class ResultsJson {

	private ResultsJson() {
	}

	/**
	 * Write results as indented JSON.
	 * @param file the file
	 * @param results the results
	 * @throws IOException if the file cannot be written
	 */
	static void write(Path file, Object results) throws IOException {
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		Files.writeString(file, mapper.writeValueAsString(results));
	}

}
