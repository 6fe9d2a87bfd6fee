package dev.mtls.boot.server;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link SSLEngine} that reports handshake failures before rethrowing them, and enables only
 * the cipher suites its engine supports. Tomcat gives no
 * hook for a failed handshake, and some failures (a client that sends no certificate) never reach
 * a trust manager.
 *
 * @author mtls-spring-boot
 */
final class ObservedSslEngine extends SSLEngine {

	private final SSLEngine engine;

	private final Consumer<SSLException> failures;

	ObservedSslEngine(SSLEngine engine, Consumer<SSLException> failures) {
		super(engine.getPeerHost(), engine.getPeerPort());
		this.engine = engine;
		this.failures = failures;
	}

	@Override
	public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination)
			throws SSLException {
		try {
			return this.engine.wrap(sources, offset, length, destination);
		}
		catch (SSLException ex) {
			this.failures.accept(ex);
			throw ex;
		}
	}

	@Override
	public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length)
			throws SSLException {
		try {
			return this.engine.unwrap(source, destinations, offset, length);
		}
		catch (SSLException ex) {
			this.failures.accept(ex);
			throw ex;
		}
	}

	@Override
	public Runnable getDelegatedTask() {
		return this.engine.getDelegatedTask();
	}

	@Override
	public void closeInbound() throws SSLException {
		this.engine.closeInbound();
	}

	@Override
	public boolean isInboundDone() {
		return this.engine.isInboundDone();
	}

	@Override
	public void closeOutbound() {
		this.engine.closeOutbound();
	}

	@Override
	public boolean isOutboundDone() {
		return this.engine.isOutboundDone();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.engine.getSupportedCipherSuites();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.engine.getEnabledCipherSuites();
	}

	@Override
	public void setEnabledCipherSuites(String[] suites) {
		// Tomcat picks suites from the JDK's list; BoringSSL has fewer. Keep those the engine has.
		List<String> supported = Arrays.asList(this.engine.getSupportedCipherSuites());
		this.engine.setEnabledCipherSuites(
				Arrays.stream(suites).filter(supported::contains).toArray(String[]::new));
	}

	@Override
	public String[] getSupportedProtocols() {
		return this.engine.getSupportedProtocols();
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.engine.getEnabledProtocols();
	}

	@Override
	public void setEnabledProtocols(String[] protocols) {
		this.engine.setEnabledProtocols(protocols);
	}

	@Override
	public SSLSession getSession() {
		return this.engine.getSession();
	}

	@Override
	public SSLSession getHandshakeSession() {
		return this.engine.getHandshakeSession();
	}

	@Override
	public void beginHandshake() throws SSLException {
		this.engine.beginHandshake();
	}

	@Override
	public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
		return this.engine.getHandshakeStatus();
	}

	@Override
	public void setUseClientMode(boolean mode) {
		this.engine.setUseClientMode(mode);
	}

	@Override
	public boolean getUseClientMode() {
		return this.engine.getUseClientMode();
	}

	@Override
	public void setNeedClientAuth(boolean need) {
		this.engine.setNeedClientAuth(need);
	}

	@Override
	public boolean getNeedClientAuth() {
		return this.engine.getNeedClientAuth();
	}

	@Override
	public void setWantClientAuth(boolean want) {
		this.engine.setWantClientAuth(want);
	}

	@Override
	public boolean getWantClientAuth() {
		return this.engine.getWantClientAuth();
	}

	@Override
	public void setEnableSessionCreation(boolean flag) {
		this.engine.setEnableSessionCreation(flag);
	}

	@Override
	public boolean getEnableSessionCreation() {
		return this.engine.getEnableSessionCreation();
	}

	@Override
	public SSLParameters getSSLParameters() {
		return this.engine.getSSLParameters();
	}

	@Override
	public void setSSLParameters(SSLParameters parameters) {
		try {
			this.engine.setSSLParameters(parameters);
		}
		catch (UnsupportedOperationException ex) {
			// On JDK 24+ the parameters Tomcat passes on carry the JDK's named groups, some of which
			// (ML-KEM hybrids) netty-tcnative's BoringSSL cannot set: keep everything else and let the
			// engine use its own groups.
			this.engine.setSSLParameters(withoutNamedGroups(parameters));
		}
	}

	private static SSLParameters withoutNamedGroups(SSLParameters parameters) {
		SSLParameters copy = new SSLParameters(parameters.getCipherSuites(), parameters.getProtocols());
		if (parameters.getNeedClientAuth()) {
			copy.setNeedClientAuth(true);
		}
		else if (parameters.getWantClientAuth()) {
			copy.setWantClientAuth(true);
		}
		copy.setEndpointIdentificationAlgorithm(parameters.getEndpointIdentificationAlgorithm());
		copy.setAlgorithmConstraints(parameters.getAlgorithmConstraints());
		copy.setServerNames(parameters.getServerNames());
		copy.setSNIMatchers(parameters.getSNIMatchers());
		copy.setUseCipherSuitesOrder(parameters.getUseCipherSuitesOrder());
		copy.setApplicationProtocols(parameters.getApplicationProtocols());
		copy.setMaximumPacketSize(parameters.getMaximumPacketSize());
		copy.setEnableRetransmissions(parameters.getEnableRetransmissions());
		return copy;
	}

	@Override
	public String getApplicationProtocol() {
		return this.engine.getApplicationProtocol();
	}

	@Override
	public String getHandshakeApplicationProtocol() {
		return this.engine.getHandshakeApplicationProtocol();
	}

	@Override
	public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
		this.engine.setHandshakeApplicationProtocolSelector(selector);
	}

	@Override
	public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
		return this.engine.getHandshakeApplicationProtocolSelector();
	}

}
