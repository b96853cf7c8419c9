package com.wkpos.edge.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tinylog.Logger;

/**
 * The box's own TLS identity for the LAN API: an EC P-256 key made on the box at first start (it never
 * leaves {@code STATE_DIR/tls/}, mode 0600) and a self-signed certificate for it. Screens trust it by
 * its SHA-256 fingerprint, which the box shows on the status page, in health, on the pairing slip and in
 * its mDNS record, so the certificate's names matter less than on the web; they still name the host,
 * {@code localhost} and the addresses the box had when it was made.
 */
public final class BoxCertificate {
    static final String DIR = "tls";
    static final String KEY_FILE = "box.key";
    static final String CERT_FILE = "box.crt";
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final char[] IN_MEMORY = "wk-edge".toCharArray();

    private final PrivateKey key;
    private final X509Certificate certificate;

    private BoxCertificate(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Loads the box's key and certificate, making both on first start (or when either is missing). */
    public static BoxCertificate loadOrCreate(Path stateDir, String deviceId, Clock clock) {
        Path dir = stateDir.resolve(DIR);
        try {
            if (Files.isRegularFile(dir.resolve(KEY_FILE)) && Files.isRegularFile(dir.resolve(CERT_FILE))) {
                return load(dir);
            }
            BoxCertificate made = create(deviceId, clock.instant());
            Files.createDirectories(dir);
            write(dir.resolve(KEY_FILE), pem("PRIVATE KEY", made.key.getEncoded()));
            write(dir.resolve(CERT_FILE), pem("CERTIFICATE", made.certificate.getEncoded()));
            Logger.info("made the box's TLS certificate, SHA-256 fingerprint {}", made.fingerprint());
            return made;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot load or make the TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads only the certificate (for a probe or a client on the box); the key stays where it is. */
    public static X509Certificate readCertificate(Path stateDir) throws IOException, GeneralSecurityException {
        return parseCertificate(Files.readString(stateDir.resolve(DIR).resolve(CERT_FILE)));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the DER certificate as colon-separated upper-case hex, as browsers and openssl show it. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /** A server context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("box", key, IN_MEMORY, new Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, IN_MEMORY);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS server context", e);
        }
    }

    /** A client context that trusts exactly this one certificate (pinning), for probes and tests. */
    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("box", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client context", e);
        }
    }

    private static BoxCertificate create(String deviceId, Instant now) throws GeneralSecurityException,
            OperatorCreationException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=wk-edge " + deviceId + ",O=WK Edge");
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names().toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new BoxCertificate(pair.getPrivate(), cert);
    }

    private static List<GeneralName> names() {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (host.matches("[a-z0-9.-]+")) {
                dns.add(host);
                dns.add(host.contains(".") ? host : host + ".local");
            }
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (ni.isUp() && !ni.isLoopback()) {
                    ni.inetAddresses().filter(a -> !a.isLinkLocalAddress())
                            .forEach(a -> ips.add(a.getHostAddress().replaceAll("%.*", "")));
                }
            }
        } catch (IOException e) {
            Logger.warn("certificate names: host and addresses not all known ({}); screens pin the fingerprint anyway",
                    e.getMessage());
        }
        List<GeneralName> out = new ArrayList<>();
        dns.forEach(d -> out.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(i -> out.add(new GeneralName(GeneralName.iPAddress, i)));
        return out;
    }

    private static BoxCertificate load(Path dir) throws IOException, GeneralSecurityException {
        X509Certificate cert = parseCertificate(Files.readString(dir.resolve(CERT_FILE)));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                unpem(Files.readString(dir.resolve(KEY_FILE)))));
        return new BoxCertificate(key, cert);
    }

    private static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(unpem(pem)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    /** Written 0600 to a temporary name and renamed, so a crash never leaves half a key. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
