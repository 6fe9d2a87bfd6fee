package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of a process and its descendants (nginx workers) from /proc/PID/stat.
 */
final class ProcessCpu {

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	static Duration of(ProcessHandle process) throws IOException {
		long ticks = ticks(process.pid());
		for (ProcessHandle child : process.descendants().toList()) {
			ticks += ticks(child.pid());
		}
		return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
	}

	private static long ticks(long pid) throws IOException {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

}
