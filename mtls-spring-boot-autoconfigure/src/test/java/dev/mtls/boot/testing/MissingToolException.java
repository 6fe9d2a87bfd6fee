package dev.mtls.boot.testing;

import org.opentest4j.TestAbortedException;

/**
 * A test skipped because a program it runs is not installed; {@link MissingToolsListener} reports
 * it by {@link #tool()}.
 */
public class MissingToolException extends TestAbortedException {

	private final String tool;

	MissingToolException(String tool, String message) {
		super(message);
		this.tool = tool;
	}

	/** The tool that is missing: a program's name, {@code docker} or {@code root}. */
	public String tool() {
		return this.tool;
	}

}
