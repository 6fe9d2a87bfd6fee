package dev.mtls.boot.core;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/api.md} lists every public type of the runtime jar, each either as API (applications use
 * it) or as public only because another package or module of the starter needs it. A type made public
 * without deciding which fails here.
 */
class PublicApiTests {

	private static final Path PAGE = Path.of("..", "docs", "api.md");

	private static final Path CLASSES = Path.of("target", "classes");

	private static final Pattern LISTED = Pattern.compile("`(dev\\.mtls\\.boot\\.[a-z.]+\\.[A-Z]\\w*)`");

	@Test
	void everyPublicTypeIsListedInTheApiPage() throws Exception {
		Set<String> listed = listed();
		Set<String> publicTypes = publicTypes();
		Set<String> missing = new TreeSet<>(publicTypes);
		missing.removeAll(listed);
		Set<String> extra = new TreeSet<>(listed);
		extra.removeAll(publicTypes);
		assertThat(missing).as("public types missing from docs/api.md").isEmpty();
		assertThat(extra).as("types docs/api.md lists that are not public (or no longer exist)").isEmpty();
	}

	private static Set<String> listed() throws IOException {
		Matcher matcher = LISTED.matcher(Files.readString(PAGE));
		Set<String> listed = new TreeSet<>();
		while (matcher.find()) {
			listed.add(matcher.group(1));
		}
		return listed;
	}

	private static Set<String> publicTypes() throws IOException {
		try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/mtls/boot"))) {
			return files.map((file) -> CLASSES.relativize(file).toString())
				.filter((name) -> name.endsWith(".class") && !name.contains("$") && !name.endsWith("package-info.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
				.filter(PublicApiTests::isPublic)
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static boolean isPublic(String name) {
		try {
			return Modifier.isPublic(Class.forName(name, false, PublicApiTests.class.getClassLoader()).getModifiers());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
