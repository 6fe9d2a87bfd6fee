package dev.mtls.boot.server;

import dev.mtls.boot.core.PeerAddress;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before Netty's SslHandler and makes the channel's remote address the current
 * {@link PeerAddress} while the handshake bytes are processed, which on Netty happens on this
 * thread, so refused peers are logged with their address.
 *
 * @author mtls-spring-boot
 */
@Sharable
final class NettyPeerAddress extends ChannelInboundHandlerAdapter {

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
		PeerAddress.with(String.valueOf(context.channel().remoteAddress()), () -> context.fireChannelRead(message));
	}

}
