package dev.mtls.boot.revocation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.reload.MaterialWatcher;
import dev.mtls.boot.reload.MtlsReloadProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of revocation checking ({@code mtls.revocation.mode} other than
 * {@code none}) for every server and, with {@code mtls.revocation.check-servers}, every client.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnExpression("!'${mtls.revocation.mode:none}'.equalsIgnoreCase('none')")
// mtls.reload.quiet-period debounces the CRL files too.
@EnableConfigurationProperties({ MtlsRevocationProperties.class, MtlsReloadProperties.class })
public final class MtlsRevocationAutoConfiguration {

	private static final int LOOKUP_THREADS = 8;

	@Bean
	CrlStore mtlsCrlStore(MtlsRevocationProperties revocation, ResourceLoader resourceLoader, MtlsMaterial material) {
		return new CrlStore(revocation.getCrlLocations(), ApplicationResourceLoader.get(resourceLoader, true),
				revocation.getCacheTtl(), revocation.getTimeout(), material.clock(), CrlAcceptance.of(material));
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService mtlsRevocationExecutor() {
		// The JDK's own network timeouts are bounded before any of this runs (JdkRevocationTimeouts).
		return Executors.newFixedThreadPool(LOOKUP_THREADS, (task) -> {
			Thread thread = new Thread(task, "mtls-revocation");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	RevocationCheck mtlsRevocationCheck(MtlsMaterial material, CrlStore crls, MtlsRevocationProperties properties,
			ExecutorService mtlsRevocationExecutor) {
		RevocationCheck check = new RevocationCheck(material, crls, properties, mtlsRevocationExecutor,
				material.clock());
		material.addChainCheck(check);
		return check;
	}

	@Bean
	RevocationState mtlsRevocationState(MtlsRevocationProperties properties, CrlStore crls, RevocationCheck check) {
		return new RevocationState(properties.getMode(), crls, check);
	}

	@Bean
	CrlRefresher mtlsCrlRefresher(CrlStore crls, RevocationCheck check, MtlsMaterial material) {
		return new CrlRefresher(crls, check, material);
	}

	@Bean
	MaterialWatcher mtlsCrlWatcher(CrlStore crls, RevocationCheck check, MtlsMaterial material,
			MtlsReloadProperties reload) {
		return new MaterialWatcher(crls.files(), reload.getQuietPeriod(), () -> {
			if (crls.reloadFiles()) {
				check.clear();
				material.invalidatePeers();
			}
		});
	}

}
