package dev.mtls.boot.tools;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.tools.devca.DevCertificates;
import dev.mtls.boot.tools.doctor.Doctor;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * The command-line tools of mtls-spring-boot in one program: the doctor and the development
 * certificate commands. The first argument that is not an option names the command; Spring Boot
 * parses the options ({@code --name=value}, {@code --flag}) as it parses an application's.
 *
 * <pre>
 * java -jar mtls-tools.jar doctor --url=https://inventory:8443
 * java -cp app.jar -Dloader.main=dev.mtls.boot.tools.MtlsTools org.springframework.boot.loader.launch.PropertiesLauncher doctor --spring.profiles.active=prod
 * </pre>
 *
 * @author mtls-spring-boot
 */
public final class MtlsTools {

	static final String USAGE = """
			Command-line tools of mtls-spring-boot.

			Usage: java -jar mtls-tools.jar <command> [--option=value ...]

			Commands:
			  doctor  what is wrong with a service's mTLS setup, read as the application reads it
			  ca      create the development CA, or show it
			  server  issue a development certificate for server and client use
			  client  issue a development certificate for client use only
			  csr     make a key and a certificate signing request for another CA
			  sign    issue a development certificate for a certificate signing request

			<command> --help explains a command and its options.
			""";

	private MtlsTools() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Run one command.
	 * @param args the command and its arguments
	 * @param out where the command's output goes
	 * @param err where mistakes go
	 * @return the exit code: 0 done, 1 a mistake or a problem found, 2 (doctor) warnings only
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		ApplicationArguments arguments;
		try {
			arguments = new DefaultApplicationArguments(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage() + "; write options as --name=value");
			return 1;
		}
		if (arguments.getNonOptionArgs().isEmpty() || arguments.getNonOptionArgs().get(0).equals("help")) {
			boolean asked = arguments.containsOption("help") || !arguments.getNonOptionArgs().isEmpty();
			(asked ? out : err).print(USAGE);
			return asked ? 0 : 1;
		}
		String command = arguments.getNonOptionArgs().get(0);
		ApplicationArguments commandArguments = new DefaultApplicationArguments(without(args, command));
		if (command.equals("doctor")) {
			return Doctor.run(commandArguments, out, err);
		}
		if (DevCertificates.COMMANDS.contains(command)) {
			return DevCertificates.run(command, commandArguments, out, err);
		}
		err.println("error: unknown command '" + command + "': use doctor, ca, server, client, csr or sign (--help lists them)");
		return 1;
	}

	// The arguments after the command is taken out: the command's options and anything else it takes.
	private static String[] without(String[] args, String command) {
		List<String> rest = new ArrayList<>(List.of(args));
		rest.remove(command);
		return rest.toArray(String[]::new);
	}

}
