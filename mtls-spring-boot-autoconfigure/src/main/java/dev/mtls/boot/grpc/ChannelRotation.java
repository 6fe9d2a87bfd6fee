package dev.mtls.boot.grpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

import dev.mtls.boot.core.MtlsMaterial;
import io.grpc.ManagedChannel;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.DefaultGrpcChannelFactory;
import org.springframework.util.ClassUtils;

/**
 * Makes channels created before a rotation follow it. On grpc-netty, channels that Spring Boot
 * serves from the {@code mtls} bundle get an SSL context rebuilt on every material update
 * ({@link RotatingChannelCredentials}), so a reconnect makes a full handshake instead of resuming
 * the old session; and after every update each channel that Spring gRPC's factories created is moved
 * to idle ({@link ManagedChannel#enterIdle()}): calls in progress finish, the next call reconnects.
 * The factories are decorated to remember their channels (same class, so injection by type still
 * works). grpc-netty-shaded channels keep Boot's credentials: only channels created after a
 * rotation present the new identity there.
 *
 * @author mtls-spring-boot
 */
final class ChannelRotation implements BeanPostProcessor, SmartInitializingSingleton {

	private static final boolean GRPC_NETTY = ClassUtils.isPresent("io.grpc.netty.NettyChannelBuilder",
			ChannelRotation.class.getClassLoader());

	private final ObjectProvider<MtlsMaterial> material;

	private final Set<ManagedChannel> channels = Collections.newSetFromMap(new WeakHashMap<>());

	ChannelRotation(ObjectProvider<MtlsMaterial> material) {
		this.material = material;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (GRPC_NETTY && bean instanceof ChannelCredentialsProvider boot
				&& !(bean instanceof RotatingChannelCredentials)) {
			MtlsMaterial material = this.material.getObject();
			List<?> keyManagers = Arrays.asList(material.bundle().getManagers().getKeyManagerFactory().getKeyManagers());
			return new RotatingChannelCredentials(boot, keyManagers, () -> new RotatingClientContext(material));
		}
		if (bean instanceof DefaultGrpcChannelFactory<?>) {
			ProxyFactory proxy = new ProxyFactory(bean);
			proxy.setProxyTargetClass(true);
			proxy.addAdvice((MethodInterceptor) (invocation) -> {
				Object result = invocation.proceed();
				if (result instanceof ManagedChannel channel) {
					remember(channel);
				}
				return result;
			});
			return proxy.getProxy(bean.getClass().getClassLoader());
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.material.ifAvailable((material) -> material.addUpdateListener(this::retire));
	}

	private synchronized void remember(ManagedChannel channel) {
		this.channels.add(channel);
	}

	private void retire() {
		List<ManagedChannel> open;
		synchronized (this) {
			open = new ArrayList<>(this.channels);
		}
		for (ManagedChannel channel : open) {
			if (!channel.isShutdown()) {
				channel.enterIdle();
			}
		}
	}

}
