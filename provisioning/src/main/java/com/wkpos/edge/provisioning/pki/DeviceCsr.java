package com.wkpos.edge.provisioning.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The box's key pair (EC P-256, made on the box; the private half never leaves it) and its PKCS#10
 * request with the device name as the subject's only CN; and HQ's checks of such a request.
 */
public final class DeviceCsr {
    /** A request HQ accepted: its subject CN and its public key. */
    public record Checked(String commonName, PublicKey publicKey) {
    }

    private DeviceCsr() {
    }

    public static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** The PEM request for {@code commonName}, signed with {@code keys}' private half. */
    public static String create(String commonName, KeyPair keys) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, DeviceName.require(commonName))
                    .build();
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return Pem.write(csr);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a request's own signature, that its key is EC P-256 and that its subject is exactly one CN.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Checked check(String pem) {
        PKCS10CertificationRequest csr = Pem.csr(pem);
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("the request's signature does not verify");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("the request's signature cannot be checked: " + e.getMessage(), e);
        }
        RDN[] rdns = csr.getSubject().getRDNs();
        if (rdns.length != 1 || rdns[0].isMultiValued() || !rdns[0].getFirst().getType().equals(BCStyle.CN)) {
            throw new IllegalArgumentException("the request's subject must be one CN, was " + csr.getSubject());
        }
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the request's public key is unreadable: " + e.getMessage(), e);
        }
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the request's key must be EC P-256, was " + key.getAlgorithm());
        }
        return new Checked(IETFUtils.valueToString(rdns[0].getFirst().getValue()), key);
    }
}
