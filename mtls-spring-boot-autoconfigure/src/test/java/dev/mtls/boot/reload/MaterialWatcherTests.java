package dev.mtls.boot.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtls.boot.testing.SecretVolume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MaterialWatcher} on real files: what makes it act, how often, and that it stops.
 */
class MaterialWatcherTests {

	private static final Duration QUIET_PERIOD = Duration.ofMillis(300);

	@TempDir
	Path directory;

	private final AtomicInteger reloads = new AtomicInteger();

	private MaterialWatcher watcher;

	@AfterEach
	void stop() {
		if (this.watcher != null) {
			this.watcher.stop();
		}
	}

	@Test
	void rewrittenFileIsReloadedOnceAfterTheQuietPeriod() throws Exception {
		Path file = Files.writeString(this.directory.resolve("tls.crt"), "one");
		start(List.of(file), Duration.ofSeconds(1));
		Files.writeString(file, "two");
		// Not before the files have been quiet for the quiet period...
		await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(800)).until(() -> this.reloads.get() == 0);
		// ...then once.
		awaitOneReload();
	}

	@Test
	void fileReplacedByAnAtomicMoveIsReloaded() throws Exception {
		Path file = Files.writeString(this.directory.resolve("tls.crt"), "one");
		start(List.of(file), QUIET_PERIOD);
		Path written = Files.writeString(this.directory.resolve("tls.crt.tmp"), "two");
		Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		awaitOneReload();
	}

	@Test
	void kubernetesSecretVolumeUpdateIsReloadedOnce() {
		SecretVolume volume = new SecretVolume(this.directory.resolve("secret"));
		volume.write(Map.of("tls.crt", "one", "tls.key", "key one"));
		start(List.of(volume.file("tls.crt"), volume.file("tls.key")), QUIET_PERIOD);
		volume.write(Map.of("tls.crt", "two", "tls.key", "key two"));
		awaitOneReload();
		// Still watching after the kubelet deleted the folder the old ..data pointed at.
		volume.write(Map.of("tls.crt", "three", "tls.key", "key three"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.reloads.get() == 2);
	}

	@Test
	void burstOfChangesIsReloadedOnce() throws Exception {
		Path certificate = Files.writeString(this.directory.resolve("tls.crt"), "one");
		Path key = Files.writeString(this.directory.resolve("tls.key"), "one");
		start(List.of(certificate, key), QUIET_PERIOD);
		for (int i = 0; i < 20; i++) {
			Files.writeString(certificate, "certificate " + i);
			Files.writeString(key, "key " + i);
		}
		awaitOneReload();
	}

	@Test
	void rewriteWithTheSameContentOrUnrelatedFileIsNotReloaded() throws Exception {
		Path file = Files.writeString(this.directory.resolve("tls.crt"), "one");
		start(List.of(file), QUIET_PERIOD);
		Files.writeString(file, "one");
		Files.writeString(this.directory.resolve("unrelated.txt"), "other");
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> this.reloads.get() == 0);
		// The watcher is alive: a real change is seen.
		Files.writeString(file, "two");
		awaitOneReload();
	}

	@Test
	void stoppedWatcherNoLongerReloads() throws Exception {
		Path file = Files.writeString(this.directory.resolve("tls.crt"), "one");
		start(List.of(file), QUIET_PERIOD);
		Files.writeString(file, "two");
		awaitOneReload();
		this.watcher.stop();
		assertThat(this.watcher.isRunning()).isFalse();
		Files.writeString(file, "three");
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> this.reloads.get() == 1);
	}

	@Test
	void watcherWithoutFilesDoesNotStart() {
		start(List.of(), QUIET_PERIOD);
		assertThat(this.watcher.isRunning()).isFalse();
	}

	private void start(List<Path> files, Duration quietPeriod) {
		this.watcher = new MaterialWatcher(files, quietPeriod, this.reloads::incrementAndGet);
		this.watcher.start();
	}

	/**
	 * Wait for one reload, then make sure no second one follows.
	 */
	private void awaitOneReload() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.reloads.get() >= 1);
		await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> this.reloads.get() == 1);
	}

}
