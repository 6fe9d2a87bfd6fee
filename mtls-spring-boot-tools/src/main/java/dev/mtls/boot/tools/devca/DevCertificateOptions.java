package dev.mtls.boot.tools.devca;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import dev.mtls.boot.devca.DevCertificateAuthority;
import dev.mtls.boot.devca.IdentityNames;
import org.bouncycastle.util.IPAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;

/**
 * The options of a {@link DevCertificates} command, as Spring Boot parses a command line
 * ({@code --option=value}, {@code --flag}), checked against what that command takes. Every refusal
 * names the option and the fix.
 *
 * @author mtls-spring-boot
 */
final class DevCertificateOptions {

	private static final List<String> NAMING = List.of("dir", "name", "subject", "spiffe-id", "trust-domain", "dns",
			"ip");

	private static final List<String> ISSUING = List.of("dir", "name", "subject", "spiffe-id", "trust-domain", "dns",
			"ip", "days", "pkcs12");

	private static final Map<String, List<String>> COMMANDS = Map.of("ca", List.of("dir"), "server", ISSUING,
			"client", ISSUING, "csr", NAMING, "sign", List.of("dir", "csr", "server", "client", "days"));

	/** A value for each option that needs one, shown when it is missing or wrong. */
	private static final Map<String, String> EXAMPLES = Map.of("dir", DevCertificateAuthority.DEFAULT_DIRECTORY, "name",
			"inventory", "subject", "CN=inventory,O=shop", "spiffe-id", "spiffe://shop.example/ns/prod/sa/inventory",
			"trust-domain", "shop.example", "dns", "inventory,inventory.shop.svc", "ip", "127.0.0.1,::1", "days", "30",
			"csr", "inventory.csr");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");

	private final String command;

	private final Map<String, String> values;

	private DevCertificateOptions(String command, Map<String, String> values) {
		this.command = command;
		this.values = values;
	}

	/**
	 * Check a command's options.
	 * @param command the command
	 * @param arguments its options; any other argument is refused
	 * @return the options
	 * @throws InvalidOptionException for an option the command does not take, or one given twice
	 */
	static DevCertificateOptions of(String command, ApplicationArguments arguments) {
		List<String> accepted = COMMANDS.get(command);
		if (accepted == null) {
			throw new IllegalArgumentException("Not a certificate command: " + command);
		}
		if (!arguments.getNonOptionArgs().isEmpty()) {
			throw new InvalidOptionException(refusal(command, arguments.getNonOptionArgs().get(0), accepted));
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String option : arguments.getOptionNames()) {
			List<String> given = Objects.requireNonNull(arguments.getOptionValues(option), "a given option's values");
			if (!accepted.contains(option)) {
				String argument = "--" + option + (given.isEmpty() ? "" : "=" + given.get(0));
				throw new InvalidOptionException(refusal(command, argument, accepted));
			}
			if (given.size() > 1) {
				throw new InvalidOptionException("--%s is given twice; give it once (lists take commas: --dns=a,b)"
					.formatted(option));
			}
			if (EXAMPLES.containsKey(option) && given.isEmpty()) {
				throw new InvalidOptionException(
						"--%s needs a value, e.g. --%s=%s".formatted(option, option, EXAMPLES.get(option)));
			}
			if ((option.equals("server") || option.equals("client")) && !given.isEmpty()) {
				throw new InvalidOptionException("--%s takes no value; write --%s".formatted(option, option));
			}
			values.put(option, given.isEmpty() ? null : given.get(0));
		}
		if (values.containsKey("server") && values.containsKey("client")) {
			throw new InvalidOptionException("--server and --client exclude each other; give one (--server is the default)");
		}
		return new DevCertificateOptions(command, values);
	}

	private static String refusal(String command, String argument, List<String> accepted) {
		return "%s does not take %s; it takes --%s (%s --help explains them)".formatted(command, argument,
				String.join(", --", accepted), command);
	}

	String command() {
		return this.command;
	}

	Path directory() {
		return Path.of(value("dir", DevCertificateAuthority.DEFAULT_DIRECTORY));
	}

	/**
	 * Return {@code --name}, which names the files, so it must be a plain file name.
	 * @return the name
	 */
	String name() {
		String name = this.values.get("name");
		if (name == null) {
			throw new InvalidOptionException(
					"%s needs --name, e.g. --name=inventory (for the file names, CN and SPIFFE ID)".formatted(this.command));
		}
		if (!NAME.matcher(name).matches()) {
			throw new InvalidOptionException(
					"--name=%s is not a plain file name; use letters, digits, '.', '-' and '_'".formatted(name));
		}
		if (name.equals("ca")) {
			throw new InvalidOptionException("--name=ca would replace the CA's own ca.crt; choose another name");
		}
		return name;
	}

	/**
	 * Return the names given, each kind in place of its default: the subject, the SPIFFE ID (or its
	 * trust domain), and the host names, where {@code --dns} or {@code --ip} replaces both defaults.
	 * @param defaults the names without options
	 * @return the names
	 */
	IdentityNames identityNames(IdentityNames defaults) {
		boolean hostNames = this.values.containsKey("dns") || this.values.containsKey("ip");
		return new IdentityNames(subject(defaults.subject()), spiffeId(defaults.spiffeId()),
				hostNames ? dnsNames() : defaults.dnsNames(), hostNames ? ipAddresses() : defaults.ipAddresses());
	}

	private String subject(String defaultSubject) {
		String subject = value("subject", defaultSubject);
		try {
			new X500Principal(subject);
			return subject;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOptionException(
					"--subject=%s is not a distinguished name; write e.g. --subject=CN=inventory,O=shop".formatted(subject));
		}
	}

	String trustDomain() {
		String trustDomain = value("trust-domain", DevCertificateAuthority.DEFAULT_TRUST_DOMAIN);
		if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
			throw new InvalidOptionException(
					"--trust-domain=%s is not a SPIFFE trust domain; use lower-case letters, digits, '.', '-' and '_', e.g. --trust-domain=shop.example"
						.formatted(trustDomain));
		}
		return trustDomain;
	}

	private String spiffeId(String defaultSpiffeId) {
		String spiffeId = this.values.get("spiffe-id");
		if (spiffeId == null) {
			return defaultSpiffeId;
		}
		if (this.values.containsKey("trust-domain")) {
			throw new InvalidOptionException("--spiffe-id and --trust-domain exclude each other; give the whole "
					+ "SPIFFE ID or only its trust domain");
		}
		try {
			URI uri = new URI(spiffeId);
			if ("spiffe".equals(uri.getScheme()) && uri.getRawAuthority() != null) {
				return spiffeId;
			}
		}
		catch (URISyntaxException ex) {
			// Refused below.
		}
		throw new InvalidOptionException(
				"--spiffe-id=%s is not a SPIFFE ID; write e.g. --spiffe-id=spiffe://shop.example/ns/prod/sa/inventory"
					.formatted(spiffeId));
	}

	private List<String> dnsNames() {
		List<String> names = list("dns");
		for (String name : names) {
			if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
				throw new InvalidOptionException(
						"--dns=%s holds an empty or blank name; separate names with commas only".formatted(value("dns", "")));
			}
		}
		return names;
	}

	private List<String> ipAddresses() {
		List<String> addresses = list("ip");
		for (String address : addresses) {
			if (!IPAddress.isValid(address)) {
				throw new InvalidOptionException(
						"--ip: '%s' is not an IP address; write IPv4 or IPv6 addresses separated by commas, e.g. --ip=127.0.0.1,::1"
							.formatted(address));
			}
		}
		return addresses;
	}

	int days() {
		String days = value("days", String.valueOf(DevCertificateAuthority.IDENTITY_VALIDITY.toDays()));
		try {
			int value = Integer.parseInt(days);
			if (value > 0 && value <= 3650) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw new InvalidOptionException(
				"--days=%s is not a number of days from 1 to 3650; write e.g. --days=30".formatted(days));
	}

	boolean pkcs12() {
		return this.values.containsKey("pkcs12");
	}

	/**
	 * Return the password given with {@code --pkcs12=}, if any.
	 * @return the password, or {@code null} to have one generated
	 */
	@Nullable String pkcs12Password() {
		String password = this.values.get("pkcs12");
		if (password != null && password.isEmpty()) {
			throw new InvalidOptionException(
					"--pkcs12= has an empty password; write --pkcs12=<password>, or --pkcs12 to have one generated");
		}
		return password;
	}

	Path csr() {
		String csr = this.values.get("csr");
		if (csr == null || csr.isEmpty()) {
			throw new InvalidOptionException(
					"sign needs --csr, e.g. --csr=inventory.csr (a PEM certificate signing request)");
		}
		return Path.of(csr);
	}

	boolean clientOnly() {
		return this.values.containsKey("client");
	}

	private String value(String option, String defaultValue) {
		String value = this.values.get(option);
		return (value != null) ? value : defaultValue;
	}

	private List<String> list(String option) {
		String value = value(option, "");
		return value.isEmpty() ? List.of() : List.of(value.split(",", -1));
	}

	/**
	 * A command line that cannot be followed; the message names the option and the fix.
	 */
	static final class InvalidOptionException extends RuntimeException {

		InvalidOptionException(String message) {
			super(message);
		}

	}

}
