package dev.mtls.boot.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the identity and trust files (or any other material files, such as CRLs) and asks for a
 * reload once they have been quiet for the quiet period and their content changed. It watches the
 * folder of each file, not the file, so it sees in-place rewrites, {@code mv} replacements and
 * Kubernetes secret volumes, where the kubelet renames a new {@code ..data} symlink over the old
 * one; the folder of each file's current real path is watched too, for symlinks that point
 * elsewhere.
 * <p>
 * Spring Boot's {@code org.springframework.boot.autoconfigure.ssl.FileWatcher} does the same for
 * {@code spring.ssl.bundle.*.reload-on-update}, and {@code mtls.bundle} follows it. It cannot serve
 * here: the class and its {@code watch} method are package-private; registering a path that is
 * not there at that moment (a file caught mid-swap) throws, where this watcher watches its folder
 * and waits; and it runs its action on every event for a watched path, where this one compares the
 * files' digest first, so a rewrite with the same bytes does not empty the revocation cache and
 * make every peer be verified again (CRL files are reloaded whenever asked, changed or not).
 *
 * @author mtls-spring-boot
 */
public final class MaterialWatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(MaterialWatcher.class);

	private static final long POLL_MILLIS = 50;

	private final List<Path> files;

	private final long quietNanos;

	private final Runnable reload;

	private final Set<Path> watchedDirectories = new LinkedHashSet<>();

	private volatile @Nullable WatchService watchService;

	private volatile @Nullable Thread thread;

	private byte @Nullable [] fingerprint;

	/**
	 * Create a watcher.
	 * @param files the files to watch
	 * @param quietPeriod how long the files must stay unchanged before {@code reload} runs
	 * @param reload what to do when their content changed
	 */
	public MaterialWatcher(List<Path> files, Duration quietPeriod, Runnable reload) {
		this.files = List.copyOf(files);
		this.quietNanos = quietPeriod.toNanos();
		this.reload = reload;
	}

	@Override
	public void start() {
		if (this.files.isEmpty()) {
			return;
		}
		try {
			this.watchService = FileSystems.getDefault().newWatchService();
			this.fingerprint = fingerprint();
			registerDirectories();
		}
		catch (IOException ex) {
			logger.warn("Unable to watch mTLS material files " + this.files + "; reload them with MtlsMaterial.reload(): "
					+ ex.getMessage());
			return;
		}
		Thread thread = new Thread(this::watch, "mtls-material-watcher");
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
		logger.debug("Watching mTLS material files " + this.files);
	}

	@Override
	public void stop() {
		Thread thread = this.thread;
		this.thread = null;
		if (thread != null) {
			thread.interrupt();
		}
		try {
			if (this.watchService != null) {
				this.watchService.close();
			}
		}
		catch (IOException ex) {
			// Closing on shutdown; nothing left to do.
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void watch() {
		boolean pending = false;
		long lastEvent = 0;
		WatchService watchService = this.watchService;
		while (watchService != null && this.thread == Thread.currentThread()) {
			try {
				WatchKey key = watchService.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (key != null) {
					key.pollEvents();
					key.reset();
					pending = true;
					lastEvent = System.nanoTime();
				}
				else if (pending && System.nanoTime() - lastEvent >= this.quietNanos) {
					pending = false;
					reloadIfChanged();
				}
			}
			catch (InterruptedException | ClosedWatchServiceException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("mTLS material watcher: " + ex.getMessage(), ex);
			}
		}
	}

	private void reloadIfChanged() {
		byte[] current = fingerprint();
		if (Arrays.equals(current, this.fingerprint)) {
			return;
		}
		this.fingerprint = current;
		this.reload.run();
		registerDirectories();
	}

	private void registerDirectories() {
		// Kubernetes deletes the previous timestamped folder on every swap; forget it.
		this.watchedDirectories.removeIf((directory) -> !Files.isDirectory(directory));
		for (Path file : this.files) {
			register(file.toAbsolutePath().getParent());
			try {
				register(file.toRealPath().getParent());
			}
			catch (IOException ex) {
				// Missing right now (mid-swap); its folder is watched through the configured path.
			}
		}
	}

	private void register(@Nullable Path directory) {
		WatchService watchService = this.watchService;
		if (directory != null && watchService != null && this.watchedDirectories.add(directory)) {
			try {
				directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
						StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
			}
			catch (IOException ex) {
				this.watchedDirectories.remove(directory);
				logger.warn("Unable to watch " + directory + " for mTLS material changes: " + ex.getMessage());
			}
		}
	}

	/**
	 * A digest of the files' current contents (following symlinks), so events for unrelated files
	 * or rewrites with the same bytes cause no reload.
	 */
	private byte[] fingerprint() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Path file : this.files) {
				try {
					digest.update(Files.readAllBytes(file));
				}
				catch (IOException ex) {
					digest.update(("missing:" + file).getBytes());
				}
			}
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
