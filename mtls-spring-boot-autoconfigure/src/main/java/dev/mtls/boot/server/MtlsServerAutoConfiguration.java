package dev.mtls.boot.server;

import java.util.function.Consumer;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the embedded Tomcat or Reactor Netty server for mutual TLS.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnClass(ConfigurableWebServerFactory.class)
@ConditionalOnWebApplication
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnBooleanProperty(name = "mtls.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MtlsServerProperties.class)
public final class MtlsServerAutoConfiguration {

	@Bean
	MtlsWebServerFactoryCustomizer mtlsWebServerFactoryCustomizer(MtlsMaterial material, MtlsServerProperties server,
			Environment environment) {
		return new MtlsWebServerFactoryCustomizer(material, server.getClientAuth(), environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyReactiveWebServerFactory.class)
	static class NettyConfiguration {

		@Bean
		@ConditionalOnExpression("!'${mtls.revocation.mode:none}'.equalsIgnoreCase('none')")
		HandshakeTasks mtlsNettyHandshakeTasks() {
			return new HandshakeTasks();
		}

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> mtlsNettyServerTls(MtlsMaterial material,
				MtlsServerProperties server, ObjectProvider<HandshakeTasks> handshakeTasks) {
			return new OrderedNettyCustomizer((factory) -> {
				// Only the server that serves the mtls bundle (not, say, a plain management server).
				if (Ssl.isEnabled(factory.getSsl()) && MtlsMaterial.BUNDLE_NAME.equals(factory.getSsl().getBundle())) {
					factory.addServerCustomizers(new NettyServerTls(material,
							factory.getHttp2() != null && factory.getHttp2().isEnabled(), server.getClientAuth(),
							server.getSessionTimeout(), server.getEngine(), handshakeTasks.getIfAvailable()));
				}
			});
		}

		@Bean
		NettyServerCustomizer mtlsNettyHandshakeFailures(MtlsMaterial material) {
			NettyPeerAddress address = new NettyPeerAddress();
			NettyHandshakeFailures failures = new NettyHandshakeFailures(material);
			return (server) -> server.doOnChannelInit((observer, channel, remote) -> {
				if (channel.pipeline().get(NettyPipeline.SslHandler) != null) {
					channel.pipeline().addBefore(NettyPipeline.SslHandler, "mtls.peerAddress", address);
					channel.pipeline().addAfter(NettyPipeline.SslHandler, "mtls.handshakeFailures", failures);
				}
			});
		}

	}

	/**
	 * Runs after Spring Boot's own customizer (order 0), which sets HTTP/2 and SSL on the factory.
	 */
	private record OrderedNettyCustomizer(Consumer<NettyReactiveWebServerFactory> customizer)
			implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

		@Override
		public void customize(NettyReactiveWebServerFactory factory) {
			this.customizer.accept(factory);
		}

		@Override
		public int getOrder() {
			return MtlsWebServerFactoryCustomizer.ORDER + 1;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TomcatWebServerFactory.class)
	static class TomcatConfiguration {

		@Bean
		MtlsTomcatWebServerFactoryCustomizer mtlsTomcatWebServerFactoryCustomizer(MtlsMaterial material,
				MtlsServerProperties server) {
			return new MtlsTomcatWebServerFactoryCustomizer(material, server.getClientAuth(), server.getSessionTimeout(),
					server.getEngine());
		}

	}

}
