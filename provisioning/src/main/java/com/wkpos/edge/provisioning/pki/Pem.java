package com.wkpos.edge.provisioning.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM text for certificates, keys, requests and CRLs, as OpenSSL and Mosquitto read them. */
public final class Pem {
    /** PEM documents larger than this are refused unread (a certificate is about 1 KiB). */
    public static final int MAX_CHARS = 64 * 1024;

    private Pem() {
    }

    public static String write(Object... objects) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM: " + e.getMessage(), e);
        }
        return w.toString();
    }

    /** @throws IllegalArgumentException when {@code pem} holds no certificate or a broken one */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Object o : objects(pem)) {
            if (o instanceof X509CertificateHolder h) {
                try {
                    certs.add(new JcaX509CertificateConverter().getCertificate(h));
                } catch (java.security.cert.CertificateException e) {
                    throw new IllegalArgumentException("bad certificate: " + e.getMessage(), e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE in the PEM text");
        }
        return certs;
    }

    public static X509Certificate certificate(String pem) {
        return certificates(pem).getFirst();
    }

    /** A PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) private key. */
    public static PrivateKey privateKey(String pem) {
        for (Object o : objects(pem)) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("bad private key: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("no PRIVATE KEY in the PEM text");
    }

    public static PKCS10CertificationRequest csr(String pem) {
        for (Object o : objects(pem)) {
            if (o instanceof PKCS10CertificationRequest r) {
                return r;
            }
        }
        throw new IllegalArgumentException("no CERTIFICATE REQUEST in the PEM text");
    }

    /** A private key as PKCS#8 {@code PRIVATE KEY}, the form OpenSSL (Mosquitto's keyfile) and this class read. */
    public static String of(PrivateKey key) {
        try {
            return write(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot write a private key: " + e.getMessage(), e);
        }
    }

    public static String of(X509CRL crl) {
        return write(crl);
    }

    private static List<Object> objects(String pem) {
        if (pem == null || pem.length() > MAX_CHARS) {
            throw new IllegalArgumentException("PEM text is " + (pem == null ? "missing" : "longer than " + MAX_CHARS));
        }
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
        }
        return out;
    }
}
