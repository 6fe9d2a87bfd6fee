package dev.mtls.boot.testing;

import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.mtls.boot.devca.IssuedCertificate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka broker in this JVM (KRaft, one combined node, Kafka's own test kit) whose client
 * listener is SSL with {@code ssl.client.auth=required}. Each client is the principal
 * {@code User:<serial of its certificate, hex>}, and the broker's ACL authorizer is on, so a test
 * can deny one certificate and see which the clients present.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final String LISTENER = "EXTERNAL";

	private final KafkaClusterTestKit cluster;

	private final IssuedCertificate admin;

	private final IssuedCertificate ca;

	private KafkaBroker(KafkaClusterTestKit cluster, IssuedCertificate admin, IssuedCertificate ca) {
		this.cluster = cluster;
		this.admin = admin;
		this.ca = ca;
	}

	/**
	 * Start a broker with the given identity that trusts client certificates of the CA; the
	 * administrator is a super user.
	 */
	public static KafkaBroker start(IssuedCertificate identity, IssuedCertificate ca, IssuedCertificate admin) {
		try {
			KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
				.setCombined(true)
				.setNumBrokerNodes(1)
				.setNumControllerNodes(1)
				.setBrokerListenerName(new ListenerName(LISTENER))
				.build());
			Map<String, Object> config = new HashMap<>();
			// The test kit builds PLAINTEXT listeners only; the broker's client listener is made SSL here.
			config.put("listener.security.protocol.map", LISTENER + ":SSL,CONTROLLER:PLAINTEXT");
			config.put("ssl.client.auth", "required");
			config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
			config.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, identity.chainPem());
			config.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, identity.privateKeyPem());
			config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
			config.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca.certificatePem());
			config.put("principal.builder.class", SerialPrincipals.class.getName());
			config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
			config.put("allow.everyone.if.no.acl.found", "true");
			config.put("super.users", "User:ANONYMOUS;" + principal(identity) + ";" + principal(admin));
			config.put("group.initial.rebalance.delay.ms", "0");
			config.put("offsets.topic.replication.factor", "1");
			config.forEach(builder::setConfigProp);
			KafkaClusterTestKit cluster = builder.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new KafkaBroker(cluster, admin, ca);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka broker did not start", ex);
		}
	}

	public String bootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	public void createTopic(String name) {
		admin((admin) -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get());
	}

	/**
	 * Deny the certificate everything on every topic and group; other certificates keep access.
	 */
	public void deny(IssuedCertificate certificate) {
		String denied = principal(certificate);
		admin((admin) -> admin.createAcls(List.of(acl(ResourceType.TOPIC, "User:*", AclPermissionType.ALLOW),
				acl(ResourceType.GROUP, "User:*", AclPermissionType.ALLOW),
				acl(ResourceType.TOPIC, denied, AclPermissionType.DENY),
				acl(ResourceType.GROUP, denied, AclPermissionType.DENY)))
			.all()
			.get());
	}

	/**
	 * Wait until the broker denies a new connection of the certificate what the ACLs deny it (they
	 * reach the broker a moment after the controller took them).
	 */
	public void awaitDenied(IssuedCertificate certificate) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			try (Admin admin = Admin.create(clientConfig(certificate))) {
				admin.describeTopics(List.of("orders")).allTopicNames().get();
				return false;
			}
			catch (ExecutionException ex) {
				return ex.getCause() instanceof TopicAuthorizationException;
			}
		});
	}

	/** Serial numbers of the client certificates of the connections authenticated so far. */
	public static List<BigInteger> authenticated() {
		return List.copyOf(SerialPrincipals.serials);
	}

	public static String principal(IssuedCertificate certificate) {
		return "User:" + certificate.certificate().getSerialNumber().toString(16);
	}

	@Override
	public void close() {
		try {
			this.cluster.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AclBinding acl(ResourceType type, String principal, AclPermissionType permission) {
		return new AclBinding(new ResourcePattern(type, "*", PatternType.LITERAL),
				new AccessControlEntry(principal, "*", AclOperation.ALL, permission));
	}

	private Map<String, Object> clientConfig(IssuedCertificate identity) {
		Map<String, Object> config = new HashMap<>();
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
		config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
		config.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, identity.chainPem());
		config.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, identity.privateKeyPem());
		config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
		config.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, this.ca.certificatePem());
		return config;
	}

	private void admin(AdminCall call) {
		try (Admin admin = Admin.create(clientConfig(this.admin))) {
			call.call(admin);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private interface AdminCall {

		void call(Admin admin) throws Exception;

	}

	/**
	 * The broker's principal builder: a client is the serial number of its certificate.
	 */
	public static final class SerialPrincipals extends DefaultKafkaPrincipalBuilder {

		private static final List<BigInteger> serials = new CopyOnWriteArrayList<>();

		public SerialPrincipals() {
			super(null, SslPrincipalMapper.fromRules("DEFAULT"));
		}

		@Override
		public KafkaPrincipal build(AuthenticationContext context) {
			if (context instanceof SslAuthenticationContext ssl) {
				try {
					Certificate[] chain = ssl.session().getPeerCertificates();
					BigInteger serial = ((X509Certificate) chain[0]).getSerialNumber();
					serials.add(serial);
					return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, serial.toString(16));
				}
				catch (SSLPeerUnverifiedException ex) {
					return KafkaPrincipal.ANONYMOUS;
				}
			}
			return super.build(context);
		}

	}


}
