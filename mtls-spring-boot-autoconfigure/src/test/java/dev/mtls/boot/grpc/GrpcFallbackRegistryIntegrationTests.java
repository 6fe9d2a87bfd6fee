package dev.mtls.boot.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.testing.TestPki;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.util.MutableHandlerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Services an application serves outside Spring gRPC's service discovery (from a fallback handler
 * registry, or added to the server builder in a {@code ServerBuilderCustomizer}) never get the
 * security interceptors Spring gRPC binds to each discovered service, so the starter refuses their
 * calls whoever makes them, while the services registered as beans, Spring Boot's health and
 * reflection services among them, still serve.
 */
@ExtendWith(OutputCaptureExtension.class)
class GrpcFallbackRegistryIntegrationTests {

	static final MethodDescriptor<String, String> FALLBACK = PeerService.WHO_AM_I.toBuilder()
		.setFullMethodName("test.Fallback/Secret")
		.build();

	static final MethodDescriptor<String, String> ADDED = PeerService.WHO_AM_I.toBuilder()
		.setFullMethodName("test.Added/Secret")
		.build();

	static final MethodDescriptor<String, String> HEALTH = PeerService.WHO_AM_I.toBuilder()
		.setFullMethodName("grpc.health.v1.Health/Check")
		.build();

	static final MethodDescriptor<String, String> REFLECTION = PeerService.WHO_AM_I.toBuilder()
		.setType(MethodDescriptor.MethodType.BIDI_STREAMING)
		.setFullMethodName("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
		.build();

	@TempDir
	static Path directory;

	private static TestPki pki;

	private static ConfigurableApplicationContext server;

	private static int port;

	@BeforeAll
	static void startServer() throws Exception {
		pki = new TestPki(directory);
		pki.server("inventory").writePem(directory.resolve("server.crt"), directory.resolve("server.key"));
		Files.writeString(directory.resolve("ca.crt"), pki.root().certificatePem());
		server = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--mtls.identity.certificate=file:" + directory.resolve("server.crt"),
					"--mtls.identity.private-key=file:" + directory.resolve("server.key"),
					"--mtls.trust.certificates=file:" + directory.resolve("ca.crt"), "--spring.grpc.server.port=0",
					"--mtls.reload.enabled=false", "--spring.main.banner-mode=off", "--mtls.server.client-auth=want",
					"--mtls.authorization.rules[0].name=no-fallback", "--mtls.authorization.rules[0].action=deny",
					"--mtls.authorization.rules[0].paths=/test.Fallback/**");
		port = server.getBeansOfType(GrpcServerLifecycle.class).values().iterator().next().getPort();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void fallbackRegistryServiceIsRefusedToCallersWithoutCertificate() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, null, pki.root(), FALLBACK))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void fallbackRegistryServiceIsRefusedToTrustedPeers() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), FALLBACK))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void serviceAddedByACustomizerIsRefusedEvenWithoutARuleAgainstIt(CapturedOutput output) {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), ADDED))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		}
		assertThat(output.getAll().split("refused a call to test.Added/Secret", -1)).hasSize(2);
	}

	@Test
	void serviceRegisteredAsABeanStillServesTrustedPeers() throws Exception {
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I))
			.contains(TestPki.spiffeId("orders"));
	}

	@Test
	void healthAndReflectionServicesStillServeTrustedPeers() throws Exception {
		ManagedChannel channel = GrpcPeers.channel(port, pki.client("orders"), pki.root(), new Metadata());
		try {
			// An empty HealthCheckRequest asks for the whole server; SERVING is field 1 = 1.
			assertThat(ClientCalls.blockingUnaryCall(channel, HEALTH, CallOptions.DEFAULT, "")).isEqualTo("\b\u0001");
			// ServerReflectionRequest with list_services (field 7): the answer names the services built from .proto files.
			CompletableFuture<String> answer = new CompletableFuture<>();
			ClientCall<String, String> call = channel.newCall(REFLECTION, CallOptions.DEFAULT);
			StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(call, observer(answer));
			requests.onNext(":\u0000");
			assertThat(answer.get(10, TimeUnit.SECONDS)).contains("grpc.health.v1.Health",
					"grpc.reflection.v1.ServerReflection");
			requests.onCompleted();
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static StreamObserver<String> observer(CompletableFuture<String> answer) {
		return new StreamObserver<>() {

			@Override
			public void onNext(String value) {
				answer.complete(value);
			}

			@Override
			public void onError(Throwable ex) {
				answer.completeExceptionally(ex);
			}

			@Override
			public void onCompleted() {
			}

		};
	}

	private static ServerServiceDefinition secret(MethodDescriptor<String, String> method) {
		return ServerServiceDefinition.builder(method.getServiceName())
			.addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
				var authentication = SecurityContextHolder.getContext().getAuthentication();
				response.onNext("secret served to " + ((authentication != null) ? authentication.getName() : "nobody"));
				response.onCompleted();
			}))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	// JDBC is on the test class path for the data clients' tests; these servers use no database.
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class App {

		@Bean
		PeerService peerService() {
			return new PeerService(new PeerService.Answers());
		}

		@Bean
		ServerBuilderCustomizer<NettyServerBuilder> fallbackAndAddedServices() {
			MutableHandlerRegistry registry = new MutableHandlerRegistry();
			registry.addService(secret(FALLBACK));
			return (builder) -> builder.fallbackHandlerRegistry(registry).addService(secret(ADDED));
		}

	}

}
