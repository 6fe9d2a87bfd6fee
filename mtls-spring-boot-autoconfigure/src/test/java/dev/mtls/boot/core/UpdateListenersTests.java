package dev.mtls.boot.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpdateListeners}.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpdateListenersTests {

	@Test
	void failingListenerIsLoggedAndTheOthersStillRun(CapturedOutput output) {
		UpdateListeners listeners = new UpdateListeners();
		List<String> ran = new ArrayList<>();
		listeners.add(() -> ran.add("first"));
		listeners.add(() -> {
			throw new IllegalStateException("context rebuild failed");
		});
		listeners.add(() -> ran.add("third"));
		listeners.updated();
		assertThat(ran).containsExactly("first", "third");
		assertThat(output).contains("mTLS material update listener failed: context rebuild failed");
	}

}
