package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Writes a command's tables as Markdown under {@code benchmarks/results/}, headed by when and on
 * what it ran, so that the docs can quote the latest run. A smoke run writes nothing there.
 */
final class ResultsFile {

	private ResultsFile() {
	}

	static void write(Path repository, Options options, String name, String title, String tables) throws IOException {
		String text = "# " + title + "\n\n" + machine(options) + "\n\n" + tables;
		if (options.smoke()) {
			System.out.println(text);
			return;
		}
		Path file = repository.resolve(Path.of("benchmarks", "results", name + ".md"));
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		System.out.println(text);
		System.out.println("written to " + file);
	}

	/**
	 * One line on the run: date, cores, CPU model, memory, OS, JDK, and the note given with
	 * {@code --note} (e.g. that other work shared the machine).
	 */
	static String machine(Options options) throws IOException {
		String note = options.get("note", "");
		return String.format(Locale.ROOT, "Run %s on %d vCPUs (%s), %d GB, %s, java %s (%s), loopback.%s",
				Instant.now().truncatedTo(ChronoUnit.MINUTES), Runtime.getRuntime().availableProcessors(), cpuModel(),
				memoryGigabytes(), os(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
				note.isEmpty() ? "" : " " + note);
	}

	private static String cpuModel() throws IOException {
		return field(Path.of("/proc/cpuinfo"), "model name", ":");
	}

	private static long memoryGigabytes() throws IOException {
		String total = field(Path.of("/proc/meminfo"), "MemTotal", ":").replace("kB", "").trim();
		return total.isEmpty() ? 0 : Math.round(Long.parseLong(total) / 1024.0 / 1024.0);
	}

	private static String os() throws IOException {
		return field(Path.of("/etc/os-release"), "PRETTY_NAME", "=").replace("\"", "");
	}

	private static String field(Path file, String name, String separator) throws IOException {
		if (!Files.isReadable(file)) {
			return "";
		}
		for (String line : Files.readAllLines(file)) {
			if (line.startsWith(name)) {
				return line.substring(line.indexOf(separator) + 1).trim();
			}
		}
		return "";
	}

}
