package dev.mtls.boot.doctor;

import dev.mtls.boot.client.MtlsClientProperties;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.health.MtlsHealthProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.reload.MtlsReloadProperties;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.server.MtlsServerProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The {@code mtls.*} settings the doctor checks, one group per concern, as the application binds
 * them.
 * <p>Public for the doctor command of mtls-spring-boot-tools, not API.
 *
 * @param mtls identity, trust, principal and grants
 * @param server {@code mtls.server}
 * @param client {@code mtls.client}
 * @param proxy {@code mtls.proxy}
 * @param reload {@code mtls.reload}
 * @param revocation {@code mtls.revocation}
 * @param health {@code mtls.health}
 * @author mtls-spring-boot
 */
public record MtlsSettings(MtlsProperties mtls, MtlsServerProperties server, MtlsClientProperties client,
		MtlsProxyProperties proxy, MtlsReloadProperties reload, MtlsRevocationProperties revocation,
		MtlsHealthProperties health) {

	public static MtlsSettings of(BeanFactory beans) {
		return new MtlsSettings(beans.getBean(MtlsProperties.class), beans.getBean(MtlsServerProperties.class),
				beans.getBean(MtlsClientProperties.class), beans.getBean(MtlsProxyProperties.class),
				beans.getBean(MtlsReloadProperties.class), beans.getBean(MtlsRevocationProperties.class),
				beans.getBean(MtlsHealthProperties.class));
	}

}
