package io.bluegreen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The certificates the command line trusts: the JDK's, plus a private CA's from a PEM
 * file or a trust store, such as the cluster's own CA in front of the actuator.
 *
 * @author bluegreen
 */
public final class Tls {

	private Tls() {
	}

	/**
	 * Return a TLS context that trusts the JDK's certificate authorities and the given
	 * ones.
	 * @param caCert a PEM file of certificates to trust as well, or {@code null}
	 * @param trustStore a trust store (PKCS12 or JKS) of certificates to trust as well,
	 * or {@code null}
	 * @param trustStorePassword the trust store's password, or {@code null}
	 * @return the context, or {@code null} when nothing was given (the JDK's default)
	 * @throws IOException if a file cannot be read
	 * @throws GeneralSecurityException if a file holds no usable certificate
	 */
	public static @Nullable SSLContext context(@Nullable Path caCert, @Nullable Path trustStore,
			@Nullable String trustStorePassword) throws IOException, GeneralSecurityException {
		if (caCert == null && trustStore == null) {
			return null;
		}
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		int index = 0;
		for (X509Certificate certificate : defaultTrustManager().getAcceptedIssuers()) {
			trusted.setCertificateEntry("jdk-" + index++, certificate);
		}
		if (caCert != null) {
			Collection<? extends Certificate> certificates;
			try (InputStream in = Files.newInputStream(caCert)) {
				certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
			}
			if (certificates.isEmpty()) {
				throw new GeneralSecurityException("no certificate in " + caCert);
			}
			for (Certificate certificate : certificates) {
				trusted.setCertificateEntry("cacert-" + index++, certificate);
			}
		}
		if (trustStore != null) {
			KeyStore store = KeyStore.getInstance(trustStore.toFile(),
					(trustStorePassword != null) ? trustStorePassword.toCharArray() : null);
			for (String alias : Collections.list(store.aliases())) {
				Certificate certificate = store.getCertificate(alias);
				if (certificate != null) {
					trusted.setCertificateEntry("truststore-" + index++, certificate);
				}
			}
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init((KeyStore) null);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new GeneralSecurityException("the JDK has no X.509 trust manager");
	}

}
