package dev.mtls.boot.grpc;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Two long-lived calls: {@code Echo} answers each message of a bidirectional stream with it and
 * the caller's name; {@code Watch} streams to its caller whatever the test {@link Watchers#push
 * pushes}, with the name of the caller that opened it ({@code anonymous} without a peer).
 */
class StreamService implements BindableService {

	static final MethodDescriptor<String, String> ECHO = method("Echo", MethodDescriptor.MethodType.BIDI_STREAMING);

	static final MethodDescriptor<String, String> WATCH = method("Watch",
			MethodDescriptor.MethodType.SERVER_STREAMING);

	private final Watchers watchers;

	StreamService(Watchers watchers) {
		this.watchers = watchers;
	}

	private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName("test.Streams", name))
			.setRequestMarshaller(PeerService.TEXT)
			.setResponseMarshaller(PeerService.TEXT)
			.build();
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder("test.Streams")
			.addMethod(ECHO, ServerCalls.asyncBidiStreamingCall((response) -> new StreamObserver<String>() {

				@Override
				public void onNext(String message) {
					response.onNext(message + " " + caller());
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
					response.onCompleted();
				}

			}))
			.addMethod(WATCH, ServerCalls.asyncServerStreamingCall((request, response) -> this.watchers
				.add(new Watcher(caller(), response))))
			.build();
	}

	private static String caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "anonymous";
	}

	record Watcher(String caller, StreamObserver<String> response) {
	}

	/**
	 * The open {@code Watch} calls.
	 */
	static class Watchers {

		private final Queue<Watcher> watchers = new ConcurrentLinkedQueue<>();

		void add(Watcher watcher) {
			this.watchers.add(watcher);
		}

		int count() {
			return this.watchers.size();
		}

		void push(String message) {
			for (Watcher watcher : this.watchers) {
				try {
					watcher.response().onNext(message + " " + watcher.caller());
				}
				catch (RuntimeException ex) {
					// A call that ended: nothing to send to.
				}
			}
		}

	}

}
