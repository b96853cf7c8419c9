package com.wkpos.edge.protocol.mqtt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS to the broker from PEM text: the broker is trusted only when its certificate chains to
 * {@code caPem} (never the JDK's public CAs), and we show our own certificate and EC or RSA key
 * (PKCS#8 {@code PRIVATE KEY}). JDK only, so HQ and the box share it without another dependency.
 */
public final class Tls {
    private Tls() {
    }

    /** @throws IllegalArgumentException when the PEM text cannot be used, naming which part */
    public static SSLSocketFactory socketFactory(String caPem, String certPem, String keyPem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(cf, caPem, "CA")) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            char[] pass = new char[0];
            own.setKeyEntry("device", privateKey(keyPem), pass,
                    certificates(cf, certPem, "certificate").toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(own, pass);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot set up TLS from the given PEM files: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(CertificateFactory cf, String pem, String what)
            throws GeneralSecurityException {
        Collection<? extends Certificate> certs = cf.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " in the PEM text");
        }
        return certs;
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        int from = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the key must be PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + 27, to));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }
}
