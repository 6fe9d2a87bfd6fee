package dev.mtls.boot.server;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake observers leave a connection's pipeline once its handshake is over, so requests on
 * a kept-alive connection do not pass through them.
 */
class NettyHandshakeFailuresTests {

	@Test
	void handshakeObserversLeaveThePipelineAfterTheHandshake() {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline().addLast("mtls.peerAddress", new NettyPeerAddress());
		channel.pipeline().addLast("mtls.handshakeFailures", new NettyHandshakeFailures(null));
		channel.pipeline().fireUserEventTriggered("not a handshake event");
		assertThat(channel.pipeline().names()).contains("mtls.peerAddress", "mtls.handshakeFailures");
		channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
		assertThat(channel.pipeline().names()).doesNotContain("mtls.peerAddress", "mtls.handshakeFailures");
		channel.finishAndReleaseAll();
	}

}
