package com.wkpos.edge.provisioning.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * HQ's device certificate authority: an EC P-256 key and a self-signed CA certificate kept in a folder
 * ({@code ca.key.pem}, owner-only; {@code ca.pem}, published in every bundle as the broker CA). It
 * issues client certificates for device names, a server certificate for the broker, and CRLs.
 * Thread-safe (immutable after loading).
 */
public final class DeviceCa {
    public static final String KEY_FILE = "ca.key.pem";
    public static final String CERT_FILE = "ca.pem";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private final PrivateKey key;
    private final X509Certificate cert;
    private final SecureRandom random;

    private DeviceCa(PrivateKey key, X509Certificate cert, SecureRandom random) {
        this.key = key;
        this.cert = cert;
        this.random = random;
    }

    /** Loads the CA from {@code dir}, or makes one there (named {@code name}) on first use. */
    public static DeviceCa loadOrCreate(Path dir, String name, Instant now, SecureRandom random) {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        try {
            if (Files.exists(keyFile)) {
                return new DeviceCa(Pem.privateKey(Files.readString(keyFile)), Pem.certificate(Files.readString(certFile)),
                        random);
            }
            KeyPair pair = DeviceCsr.generateKeyPair(random);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(pair.getPrivate())));
            Files.createDirectories(dir);
            com.wkpos.edge.provisioning.crypto.KeyFiles.writeAtomically(keyFile,
                    Pem.of(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII), true);
            com.wkpos.edge.provisioning.crypto.KeyFiles.writeAtomically(certFile,
                    Pem.write(cert).getBytes(StandardCharsets.US_ASCII), false);
            return new DeviceCa(pair.getPrivate(), cert, random);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the device CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return cert;
    }

    public String certificatePem() {
        return Pem.write(cert);
    }

    /** A client certificate (TLS client auth only) for {@code commonName}'s key. */
    public X509Certificate issueClient(String commonName, PublicKey publicKey, Instant now, Duration validity) {
        return issue(commonName, publicKey, now, validity, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** A server certificate for the broker, valid for the given DNS names and IP addresses. */
    public X509Certificate issueServer(String commonName, PublicKey publicKey, List<String> hosts, Instant now,
                                       Duration validity) {
        return issue(commonName, publicKey, now, validity, KeyPurposeId.id_kp_serverAuth, hosts);
    }

    private X509Certificate issue(String commonName, PublicKey publicKey, Instant now, Duration validity,
                                  KeyPurposeId purpose, List<String> hosts) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(random),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            if (!hosts.isEmpty()) {
                GeneralName[] names = hosts.stream().map(h -> h.matches("[0-9.]+|.*:.*")
                        ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** A CRL listing {@code revokedSerials}, numbered {@code number}, valid until {@code nextUpdate}. */
    public String crlPem(Collection<BigInteger> revokedSerials, long number, Instant now, Instant nextUpdate) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revokedSerials) {
                b.addCRLEntry(serial, Date.from(now), CRLReason.privilegeWithdrawn);
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(cert));
            return Pem.of(new JcaX509CRLConverter().getCRL(b.build(signer(key))));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the CRL: " + e.getMessage(), e);
        }
    }

    /** Whether {@code c} was signed by this CA's key. */
    public boolean issued(X509Certificate c) {
        try {
            c.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the CA key", e);
        }
    }
}
