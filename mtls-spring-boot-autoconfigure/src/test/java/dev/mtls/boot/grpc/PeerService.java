package dev.mtls.boot.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import dev.mtls.boot.security.PeerAuthentication;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A tiny gRPC service without generated code: each method answers with the caller's principal,
 * authorities and certificate serial as the server saw them.
 */
public class PeerService implements BindableService {

	static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	static final MethodDescriptor<String, String> WHO_AM_I = method("WhoAmI");

	static final MethodDescriptor<String, String> ADMIN = method("Admin");

	static final MethodDescriptor<String, String> LEGACY = method("Legacy");

	private final Answers answers;

	PeerService(Answers answers) {
		this.answers = answers;
	}

	private static MethodDescriptor<String, String> method(String name) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName("test.Peers", name))
			.setRequestMarshaller(TEXT)
			.setResponseMarshaller(TEXT)
			.build();
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder("test.Peers")
			.addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(this.answers.whoAmI());
				response.onCompleted();
			}))
			.addMethod(ADMIN, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(this.answers.admin());
				response.onCompleted();
			}))
			.addMethod(LEGACY, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(this.answers.whoAmI());
				response.onCompleted();
			}))
			.build();
	}

	/**
	 * What the methods answer, as a bean so that method security applies.
	 */
	public static class Answers {

		public String whoAmI() {
			if (!(SecurityContextHolder.getContext().getAuthentication() instanceof PeerAuthentication peer)) {
				return "anonymous";
			}
			return peer.getName() + " " + peer.getAuthorities()
				.stream()
				.map(Object::toString)
				.sorted()
				.collect(Collectors.joining(",", "[", "]")) + " "
					+ peer.getPrincipal().certificate().getSerialNumber().toString(16);
		}

		@PreAuthorize("hasAuthority('SCOPE_admin')")
		public String admin() {
			return whoAmI();
		}

	}

}
