package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes down the tests each test JVM skipped for a {@link MissingToolException}, one line each
 * ({@code tool<TAB>tests<TAB>test class}), in a file of its own in the folder the build names with the
 * {@code mtls.missing-tools.dir} system property; the build prints one summary from them at its end.
 * Registered in {@code META-INF/services}, so it runs wherever these helpers are on the test class path.
 */
public final class MissingToolsListener implements TestExecutionListener {

	/** System property naming the folder the records go to; nothing is written without it. */
	public static final String DIRECTORY = "mtls.missing-tools.dir";

	private final List<String> records = new ArrayList<>();

	private TestPlan plan;

	@Override
	public void testPlanExecutionStarted(TestPlan plan) {
		this.plan = plan;
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() == TestExecutionResult.Status.ABORTED
				&& result.getThrowable().orElse(null) instanceof MissingToolException missing) {
			// A class whose @BeforeAll gave up skips all its tests, which then report nothing themselves.
			long tests = test.isTest() ? 1
					: this.plan.getDescendants(test).stream().filter(TestIdentifier::isTest).count();
			synchronized (this.records) {
				this.records.add(missing.tool() + "\t" + Math.max(tests, 1) + "\t" + testClass(test));
			}
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan plan) {
		String directory = System.getProperty(DIRECTORY);
		if (directory == null || this.records.isEmpty()) {
			return;
		}
		try {
			Path folder = Files.createDirectories(Path.of(directory));
			String module = Path.of("").toAbsolutePath().getFileName().toString();
			Files.write(folder.resolve(module + "-" + ProcessHandle.current().pid() + ".tsv"), this.records);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String testClass(TestIdentifier test) {
		TestSource source = test.getSource().orElse(null);
		String name = (source instanceof MethodSource method) ? method.getClassName()
				: (source instanceof ClassSource type) ? type.getClassName() : test.getDisplayName();
		return name.substring(name.lastIndexOf('.') + 1);
	}

}
