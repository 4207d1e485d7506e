package io.bluegreen.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets that a test's switches never hand over: any use fails.
 */
final class NoColorOffsets implements ColorOffsets {

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copy(Map<String, String> sources) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copyForward(Map<String, String> sources) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout) {
		throw new UnsupportedOperationException();
	}

}
