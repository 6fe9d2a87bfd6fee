package dev.mtls.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flame graph PNG and a hot-frames summary from a JFR recording, with the JDK alone, so a
 * profile in the report needs no async-profiler or other tool on the machine. It draws the
 * classic flame graph: the root at the bottom, callees stacked on their callers, each frame as
 * wide as the {@code jdk.ExecutionSample} events (threads running Java code) with that frame on
 * the stack there. {@code jdk.NativeMethodSample} is left out: it samples threads parked in
 * native code (accept, epoll, socket reads), i.e. waiting, not spending CPU. Frames whose class
 * starts with the highlight prefix are drawn in a colour of their own, so a reader sees at a
 * glance how much of the profile is ours. JFR keeps at most 64 frames per stack unless the JVM
 * was started with {@code -XX:FlightRecorderOptions:stackdepth=N}; such stacks, cut at the root
 * end, are grouped under {@code [truncated stack]}.
 */
final class FlameGraph {

	private static final int WIDTH = 1800;

	private static final int MARGIN = 10;

	private static final int FRAME_HEIGHT = 17;

	private static final int HEADER_HEIGHT = 74;

	private static final int TOP = 15;

	private static final Pattern HIDDEN = Pattern.compile("[/+]0x\\p{XDigit}+.*$");

	private static final String TRUNCATED = "[truncated stack]";

	private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private static final List<String> FRAMEWORK_PACKAGES = List.of("org.springframework.", "org.apache.", "io.netty.",
			"reactor.", "io.micrometer.", "org.slf4j.", "ch.qos.logback.", "com.fasterxml.", "tools.jackson.");

	static {
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
	}

	private FlameGraph() {
	}

	/**
	 * Read the execution samples of a recording, draw them to a PNG and summarise the hot frames.
	 * @param jfr the recording
	 * @param png the image to write
	 * @param title the first line of the image
	 * @param highlightPrefix class name prefix of the frames to highlight, e.g. {@code dev.mtls.}
	 * @return the summary
	 */
	static Summary render(Path jfr, Path png, String title, String highlightPrefix) throws IOException {
		Node root = new Node("all", "");
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> highlightedTotal = new HashMap<>();
		Map<String, Long> highlightedInnermost = new HashMap<>();
		long highlighted = 0;
		long inInnermost = 0;
		long truncated = 0;
		try (RecordingFile recording = new RecordingFile(jfr)) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				RecordedStackTrace stack = event.getStackTrace();
				if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || stack == null
						|| stack.getFrames().isEmpty()) {
					continue;
				}
				List<RecordedFrame> frames = stack.getFrames();
				Node node = root;
				node.total++;
				if (stack.isTruncated()) {
					truncated++;
					node = node.child(TRUNCATED, "");
					node.total++;
				}
				Set<String> ours = new HashSet<>();
				String name = null;
				String innermost = null;
				for (int i = frames.size() - 1; i >= 0; i--) {
					String type = className(frames.get(i));
					name = type + "." + methodName(frames.get(i));
					node = node.child(name, type);
					node.total++;
					if (type.startsWith(highlightPrefix)) {
						ours.add(name);
					}
					innermost = isJdk(type) ? innermost : name;
				}
				self.merge(name, 1L, Long::sum);
				ours.forEach((frame) -> highlightedTotal.merge(frame, 1L, Long::sum));
				highlighted += ours.isEmpty() ? 0 : 1;
				if (innermost != null && innermost.startsWith(highlightPrefix)) {
					highlightedInnermost.merge(innermost, 1L, Long::sum);
					inInnermost++;
				}
			}
		}
		Summary summary = new Summary(highlightPrefix, root.total, highlighted, inInnermost, truncated,
				top(self, root.total), top(highlightedTotal, root.total), top(highlightedInnermost, root.total));
		draw(root, summary, title, png);
		return summary;
	}

	private static String className(RecordedFrame frame) {
		if (frame.getMethod() == null || frame.getMethod().getType() == null) {
			return "?";
		}
		// Hidden classes (lambdas, proxies) end in "/0x..." or "+0x..." and a number per run.
		return HIDDEN.matcher(frame.getMethod().getType().getName()).replaceFirst("");
	}

	private static boolean isJdk(String type) {
		return JDK_PACKAGES.stream().anyMatch(type::startsWith);
	}

	private static String methodName(RecordedFrame frame) {
		return (frame.getMethod() != null) ? frame.getMethod().getName() : "?";
	}

	private static List<Hot> top(Map<String, Long> samples, long total) {
		return samples.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.limit(TOP)
			.map((entry) -> new Hot(entry.getKey(), entry.getValue(), share(entry.getValue(), total)))
			.toList();
	}

	private static double share(long part, long total) {
		return (total > 0) ? 100.0 * part / total : 0;
	}

	private static void draw(Node root, Summary summary, String title, Path png) throws IOException {
		double scale = (root.total > 0) ? (WIDTH - 2.0 * MARGIN) / root.total : 0;
		int depth = Math.max(1, root.depth(scale));
		int height = HEADER_HEIGHT + depth * FRAME_HEIGHT + MARGIN;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(new Color(0xF8F8F4));
			graphics.fillRect(0, 0, WIDTH, height);
			header(graphics, summary, title);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			if (root.total > 0) {
				frame(graphics, root, MARGIN, 0, scale, height - MARGIN, summary);
			}
		}
		finally {
			graphics.dispose();
		}
		if (!ImageIO.write(image, "png", png.toFile())) {
			throw new IOException("no PNG writer");
		}
	}

	private static void header(Graphics2D graphics, Summary summary, String title) {
		graphics.setColor(Color.BLACK);
		graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
		graphics.drawString(title, MARGIN, 24);
		graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		graphics.drawString(summary.headline(), MARGIN, 44);
		int x = MARGIN;
		for (Kind kind : List.of(Kind.HIGHLIGHTED, Kind.JDK, Kind.FRAMEWORK, Kind.OTHER)) {
			String label = (kind == Kind.HIGHLIGHTED) ? summary.highlightPrefix() + "*" : kind.label;
			graphics.setColor(kind.color(label));
			graphics.fillRect(x, 53, 14, 14);
			graphics.setColor(Color.BLACK);
			graphics.drawString(label, x + 19, 65);
			x += 19 + graphics.getFontMetrics().stringWidth(label) + 24;
		}
		graphics.drawString("root at the bottom, width proportional to samples", x + 24, 65);
	}

	private static void frame(Graphics2D graphics, Node node, double x, int level, double scale, int bottom,
			Summary summary) {
		double width = node.total * scale;
		int left = (int) Math.round(x);
		int right = (int) Math.round(x + width);
		int y = bottom - (level + 1) * FRAME_HEIGHT;
		Kind kind = Kind.of(node, summary.highlightPrefix());
		graphics.setColor(kind.color(node.name));
		graphics.fillRect(left, y, Math.max(1, right - left - 1), FRAME_HEIGHT - 1);
		String label = (node.type.isEmpty()) ? node.name : shorten(node.name);
		label(graphics, label, share(node.total, summary.samples()), left, right - 1, y);
		double childX = x;
		for (Node child : node.children.values()) {
			if (child.total * scale >= 1) {
				frame(graphics, child, childX, level + 1, scale, bottom, summary);
			}
			childX += child.total * scale;
		}
	}

	private static void label(Graphics2D graphics, String name, double share, int left, int right, int y) {
		FontMetrics metrics = graphics.getFontMetrics();
		int room = right - left - 6;
		String text = "%s (%.1f%%)".formatted(name, share);
		if (metrics.stringWidth(text) > room) {
			text = name;
			if (metrics.stringWidth(text) > room) {
				int length = text.length();
				while (length > 3 && metrics.stringWidth(text.substring(0, length) + "..") > room) {
					length--;
				}
				if (length <= 3) {
					return;
				}
				text = text.substring(0, length) + "..";
			}
		}
		graphics.setColor(Color.BLACK);
		graphics.drawString(text, left + 3, y + FRAME_HEIGHT - 5);
	}

	/**
	 * {@code org.springframework.web.Foo.bar} to {@code o.s.w.Foo.bar}.
	 */
	static String shorten(String frame) {
		String[] parts = frame.split("\\.");
		StringBuilder shortened = new StringBuilder();
		for (int i = 0; i < parts.length; i++) {
			boolean pkg = i < parts.length - 2 && !parts[i].isEmpty();
			shortened.append(pkg ? parts[i].substring(0, 1) : parts[i]).append((i < parts.length - 1) ? "." : "");
		}
		return shortened.toString();
	}

	/**
	 * A frame in the call tree; children by name, in alphabetical order like Brendan Gregg's.
	 */
	private static final class Node {

		final String name;

		final String type;

		final Map<String, Node> children = new TreeMap<>();

		long total;

		Node(String name, String type) {
			this.name = name;
			this.type = type;
		}

		Node child(String name, String type) {
			return this.children.computeIfAbsent(name, (key) -> new Node(name, type));
		}

		int depth(double scale) {
			int deepest = 0;
			for (Node child : this.children.values()) {
				if (child.total * scale >= 1) {
					deepest = Math.max(deepest, child.depth(scale));
				}
			}
			return deepest + 1;
		}

	}

	private enum Kind {

		HIGHLIGHTED("ours", 0.83f, 0.62f, 1.0f), JDK("JDK", 0.07f, 0.62f, 0.98f),
		FRAMEWORK("Spring / Tomcat / Netty / Reactor", 0.30f, 0.45f, 0.86f), OTHER("other", 0.14f, 0.30f, 0.88f),
		SYNTHETIC("", 0f, 0f, 0.80f);

		final String label;

		private final float hue;

		private final float saturation;

		private final float brightness;

		Kind(String label, float hue, float saturation, float brightness) {
			this.label = label;
			this.hue = hue;
			this.saturation = saturation;
			this.brightness = brightness;
		}

		// A little variation by name, so that neighbouring frames of one kind stay apart.
		Color color(String name) {
			float vary = ((name.hashCode() & 0xFF) / 255f) - 0.5f;
			return Color.getHSBColor(this.hue + vary * 0.05f, Math.max(0, this.saturation + vary * 0.2f),
					Math.min(1, this.brightness - Math.abs(vary) * 0.1f));
		}

		static Kind of(Node node, String highlightPrefix) {
			if (node.type.isEmpty()) {
				return SYNTHETIC;
			}
			if (node.type.startsWith(highlightPrefix)) {
				return HIGHLIGHTED;
			}
			if (isJdk(node.type)) {
				return JDK;
			}
			return FRAMEWORK_PACKAGES.stream().anyMatch(node.type::startsWith) ? FRAMEWORK : OTHER;
		}

	}

	/**
	 * A frame and its samples, with their share of all samples in percent.
	 */
	record Hot(String frame, long samples, double share) {
	}

	/**
	 * What the flame graph shows, as numbers for the console. A filter of ours is on the stack of
	 * everything the filter chain does after it, so "on the stack" overstates our cost; "innermost"
	 * counts a sample as ours only if the frame nearest the top that is not the JDK's is ours: our
	 * code, or JDK code it calls (including work a delegating wrapper of ours passes on to the JDK).
	 * @param highlightPrefix the class name prefix of the highlighted frames
	 * @param samples all execution samples
	 * @param highlightedSamples samples with at least one highlighted frame on the stack
	 * @param innermostSamples samples whose innermost non-JDK frame is highlighted
	 * @param truncatedSamples samples whose stack JFR cut at its depth limit (their root end is missing,
	 * so a highlighted frame there may have been lost)
	 * @param hottestSelf the frames on top of the stack most often
	 * @param hottestHighlighted the highlighted frames on the stack most often
	 * @param hottestInnermost the highlighted frames most often the innermost non-JDK frame
	 */
	record Summary(String highlightPrefix, long samples, long highlightedSamples, long innermostSamples,
			long truncatedSamples, List<Hot> hottestSelf, List<Hot> hottestHighlighted, List<Hot> hottestInnermost) {

		double highlightedShare() {
			return share(this.highlightedSamples, this.samples);
		}

		double innermostShare() {
			return share(this.innermostSamples, this.samples);
		}

		String headline() {
			String line = "%d execution samples; %d (%.1f%%) with a %s frame on the stack; %d (%.1f%%) in %s code or JDK code it calls"
				.formatted(this.samples, this.highlightedSamples, highlightedShare(), this.highlightPrefix,
						this.innermostSamples, innermostShare(), this.highlightPrefix);
			return (this.truncatedSamples > 0) ? line + "; %d (%.1f%%) stacks cut at JFR's depth limit"
				.formatted(this.truncatedSamples, share(this.truncatedSamples, this.samples)) : line;
		}

		void print(PrintStream out) {
			out.println(headline());
			if (this.truncatedSamples > 0) {
				out.println("(deeper stacks: start the JVM with -XX:FlightRecorderOptions:stackdepth=256)");
			}
			table(out, "hottest frames by self samples", "self", this.hottestSelf);
			table(out, "hottest " + this.highlightPrefix + " frames by samples with the frame on the stack", "total",
					this.hottestHighlighted);
			table(out, "hottest " + this.highlightPrefix + " frames by samples in them or JDK code they call",
					"inner", this.hottestInnermost);
		}

		private static void table(PrintStream out, String heading, String column, List<Hot> rows) {
			out.printf("%s:%n%8s  %6s  %s%n", heading, column, "share", "frame");
			if (rows.isEmpty()) {
				out.println("       -");
			}
			for (Hot row : rows) {
				out.printf("%8d  %5.1f%%  %s%n", row.samples(), row.share(), row.frame());
			}
		}

		@Override
		public String toString() {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
			return bytes.toString(StandardCharsets.UTF_8);
		}

	}

}
