package dev.mtls.boot.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README and the pages under {@code docs/} leads somewhere: the file exists and, for
 * a {@code #fragment}, a heading of that page has that anchor (as GitHub derives it), so moving a section
 * cannot leave links to where it was.
 */
class DocsLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("#{1,6} (.*)");

	@Test
	void everyRelativeLinkResolves() throws IOException {
		Path root = root();
		List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
		try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path page : pages) {
			Matcher link = LINK.matcher(Files.readString(page));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("[a-z]+:.*")) {
					continue;
				}
				checked++;
				int hash = target.indexOf('#');
				String file = (hash < 0) ? target : target.substring(0, hash);
				Path destination = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
				if (!Files.exists(destination)) {
					broken.add(root.relativize(page) + ": " + target + " (no such file)");
				}
				else if (hash >= 0 && !anchors(destination).contains(target.substring(hash + 1))) {
					broken.add(root.relativize(page) + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(checked).isGreaterThan(30);
		assertThat(broken).isEmpty();
	}

	// GitHub's anchors: headings outside code blocks, lower case, punctuation dropped, spaces as hyphens.
	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new HashSet<>();
		boolean code = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) {
				code = !code;
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (!code && heading.matches()) {
				anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\w\\- ]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

	private static Path root() {
		return Stream.of(Path.of(""), Path.of(".."))
			.filter((directory) -> Files.isRegularFile(directory.resolve("README.md")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("README.md not found from " + Path.of("").toAbsolutePath()));
	}

}
