package com.wkpos.edge.drivers.fiscal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks a receipt's TSE signature from its QR code alone, as an auditor's app does: the public key in the
 * code verifies the signature over the signed fields. Knows {@code ecdsa-plain-SHA256} on P-256 (what the
 * simulator and the common TSEs use). Stateless.
 */
public final class TseVerifier {
    static final String ALGORITHM = "ecdsa-plain-SHA256";

    private TseVerifier() {
    }

    /** Whether the code's signature is valid; false for a broken signature, key or unknown algorithm. */
    public static boolean verify(TseQrCode code) {
        if (!ALGORITHM.equals(code.algorithm())) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(publicKey(Base64.getDecoder().decode(code.publicKey())));
            s.update(code.signedPart().getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(code.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A P-256 public key from its X9.62 uncompressed point ({@code 04 || X || Y}). */
    static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
        if (point.length != 65 || point[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point (" + point.length + " bytes)");
        }
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = p.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve));
    }

    /** The X9.62 uncompressed point of a P-256 public key. */
    static byte[] point(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }
}
