package dev.mtls.boot.server;

import dev.mtls.boot.core.MtlsMaterial;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Reports Reactor Netty server handshakes that failed outside the trust manager (a client that
 * sent no certificate), with the client's address. Once the handshake is over it takes itself and
 * {@link NettyPeerAddress} out of the connection's pipeline.
 *
 * @author mtls-spring-boot
 */
@Sharable
final class NettyHandshakeFailures extends ChannelInboundHandlerAdapter {

	private final MtlsMaterial material;

	NettyHandshakeFailures(MtlsMaterial material) {
		this.material = material;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
		if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
			this.material.handshakeFailedOutsideTrustManager("server", String.valueOf(context.channel().remoteAddress()),
					completion.cause());
		}
		super.userEventTriggered(context, event);
		if (event instanceof SslHandshakeCompletionEvent) {
			// Both handlers matter only during the handshake: keep them off every later read.
			ChannelPipeline pipeline = context.pipeline();
			if (pipeline.get(NettyPeerAddress.class) != null) {
				pipeline.remove(NettyPeerAddress.class);
			}
			pipeline.remove(this);
		}
	}

}
