package io.bluegreen.kafka.control;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The codec's warm-up at startup: its records must pass the codec's own checks, or the
 * reader would skip the warm-up and the first switch would build the mapper's
 * serializers.
 */
class ControlRecordCodecTests {

	@Test
	void warmsUpWithValidRecordsOfEachKindOfASwitch() {
		ControlRecordCodec codec = new ControlRecordCodec("orders",
				JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());

		assertThatNoException().isThrownBy(codec::warmUp);
	}

}
