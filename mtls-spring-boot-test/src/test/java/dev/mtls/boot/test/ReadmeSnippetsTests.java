package dev.mtls.boot.test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in README and the pages under {@code docs/} compiles as shown, imports included, against the starter, the test
 * support and the Spring libraries users put beside them. A snippet of statements or members is
 * compiled inside a class that has the beans README tells readers to inject.
 */
class ReadmeSnippetsTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	// What README's snippets use without declaring: the beans it tells readers to inject.
	private static final String INJECTED = """
			org.springframework.web.client.RestClient.Builder restClientBuilder;
			org.springframework.web.reactive.function.client.WebClient.Builder webClientBuilder;
			org.springframework.boot.restclient.RestTemplateBuilder restTemplateBuilder;
			dev.mtls.boot.core.MtlsMaterial mtlsMaterial;
			org.apache.commons.logging.Log log;
			org.springframework.test.web.servlet.MockMvc mockMvc;
			org.springframework.test.web.reactive.server.WebTestClient webTestClient;
			dev.mtls.boot.test.MtlsTestPeers peers;
			""";

	@Test
	void everyJavaSnippetCompiles(@TempDir Path output) throws IOException {
		List<JavaFileObject> sources = new ArrayList<>();
		for (Path page : pages()) {
			Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
			while (block.find()) {
				sources.add(source(sources.size() + 1, block.group(1)));
			}
		}
		assertThat(sources).as("Java snippets in README").hasSizeGreaterThanOrEqualTo(8);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		StringWriter errors = new StringWriter();
		boolean compiled = compiler
			.getTask(errors, null, null, List.of("-proc:none", "-d", output.toString(), "-classpath",
					System.getProperty("java.class.path")), null, sources)
			.call();
		assertThat(compiled).as(errors.toString()).isTrue();
	}

	private static JavaFileObject source(int number, String snippet) {
		List<String> imports = new ArrayList<>();
		StringBuilder body = new StringBuilder();
		for (String line : snippet.split("\\n")) {
			if (line.startsWith("import ")) {
				imports.add(line);
			}
			else {
				body.append(line).append('\n');
			}
		}
		String code = body.toString().strip();
		Matcher type = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(code);
		String name;
		String unit;
		if (type.find()) {
			name = type.group(1);
			unit = code;
		}
		else {
			name = "Snippet" + number;
			boolean members = code.startsWith("@") || Pattern.compile("(?m)^\\w[\\w<>, ]* \\w+\\(.*\\) *\\{").matcher(code).find();
			unit = "class " + name + " {\n" + INJECTED
					+ (members ? code : "void snippet() throws Exception {\n" + code + "\n}") + "\n}";
		}
		String file = String.join("\n", imports) + "\n\n" + unit + "\n";
		return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {

			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return file;
			}

		};
	}

	private static List<Path> pages() throws IOException {
		Path root = Stream.of(Path.of(""), Path.of(".."))
			.filter((directory) -> Files.isRegularFile(directory.resolve("README.md")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("README.md not found from " + Path.of("").toAbsolutePath()));
		List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
		if (Files.isDirectory(root.resolve("docs"))) {
			try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
				docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
			}
		}
		return pages;
	}

}
