package dev.mtls.boot.data;

import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes HikariCP data sources with a PostgreSQL URL connect with the identity: the driver's
 * {@code sslfactory} is {@link PostgresSslFactory} and {@code sslmode} is {@code verify-full}.
 * Settings of the URL win over these, as they always do with this driver, and a mode set as a
 * data source property stays.
 *
 * @author mtls-spring-boot
 */
final class PostgresDataSources implements BeanPostProcessor {

	private static final String URL_PREFIX = "jdbc:postgresql:";

	private final ObjectProvider<RunningMaterials> materials;

	PostgresDataSources(ObjectProvider<RunningMaterials> materials) {
		this.materials = materials;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
				&& dataSource.getJdbcUrl().startsWith(URL_PREFIX)) {
			dataSource.addDataSourceProperty("sslfactory", PostgresSslFactory.class.getName());
			dataSource.addDataSourceProperty(RunningMaterials.KEY_PROPERTY, this.materials.getObject().key());
			Properties properties = dataSource.getDataSourceProperties();
			properties.putIfAbsent("sslmode", "verify-full");
		}
		return bean;
	}

	/**
	 * Whether the starter configured this data source.
	 */
	static boolean configured(HikariDataSource dataSource) {
		return PostgresSslFactory.class.getName().equals(dataSource.getDataSourceProperties().get("sslfactory"));
	}

}
