package dev.mtls.samples.orders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * Asks inventory-service's gRPC service {@code inventory.Inventory/Stock} over the channel
 * {@code spring.grpc.client.channel.inventory}, which the starter makes present this service's
 * identity and verify inventory's. The method is described by hand, as inventory-service does.
 */
@Component
class InventoryStock {

	static final MethodDescriptor<String, String> STOCK = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("inventory.Inventory", "Stock"))
		.setRequestMarshaller(new Text())
		.setResponseMarshaller(new Text())
		.build();

	private static final Duration DEADLINE = Duration.ofSeconds(5);

	private final Channel inventory;

	InventoryStock(GrpcChannelFactory channels) {
		this.inventory = channels.createChannel("inventory");
	}

	Mono<String> stock(String sku) {
		return Mono
			.fromCallable(() -> ClientCalls.blockingUnaryCall(this.inventory, STOCK,
					CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), sku))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * UTF-8 text on the wire.
	 */
	static final class Text implements MethodDescriptor.Marshaller<String> {

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
