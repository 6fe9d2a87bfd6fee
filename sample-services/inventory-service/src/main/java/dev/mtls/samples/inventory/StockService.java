package dev.mtls.samples.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The gRPC service {@code inventory.Inventory/Stock}: how many of a SKU are in stock, and which
 * peer asked. Spring Boot serves it on {@code spring.grpc.server.port} with the same certificates
 * as the web server. The method is described by hand with a text marshaller, which keeps the sample
 * free of a protoc build step; stubs generated from a {@code .proto} are served the same way.
 */
@Component
class StockService implements BindableService {

	static final MethodDescriptor<String, String> STOCK = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("inventory.Inventory", "Stock"))
		.setRequestMarshaller(Text.MARSHALLER)
		.setResponseMarshaller(Text.MARSHALLER)
		.build();

	private final StockLevels levels;

	StockService(StockLevels levels) {
		this.levels = levels;
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder("inventory.Inventory")
			.addMethod(STOCK, ServerCalls.asyncUnaryCall((sku, response) -> {
				Integer available = this.levels.available(sku);
				if (available == null) {
					response.onError(Status.NOT_FOUND.withDescription("no such SKU").asRuntimeException());
					return;
				}
				String peer = SecurityContextHolder.getContext().getAuthentication().getName();
				response.onNext("{\"sku\":\"%s\",\"available\":%d,\"peer\":\"%s\"}".formatted(sku, available, peer));
				response.onCompleted();
			}))
			.build();
	}

	/**
	 * Stock levels; reading them needs the grant that {@code mtls.grants} gives orders-service.
	 */
	@Component
	static class StockLevels {

		private static final Map<String, Integer> STOCK = Map.of("apple", 42, "pear", 7, "plum", 0);

		@PreAuthorize("hasAuthority('SCOPE_inventory:read')")
		public Integer available(String sku) {
			return STOCK.get(sku);
		}

	}

	/**
	 * UTF-8 text on the wire.
	 */
	static final class Text implements MethodDescriptor.Marshaller<String> {

		static final Text MARSHALLER = new Text();

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

	}

}
