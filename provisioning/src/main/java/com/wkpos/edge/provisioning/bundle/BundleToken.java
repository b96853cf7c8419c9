package com.wkpos.edge.provisioning.bundle;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;

/**
 * A bundle as it travels: compact JWS, {@code alg EdDSA}, {@code typ wk-provision+jwt}, signed with a
 * provisioning key. The signature is checked against pinned keys before the payload is parsed; time,
 * replay and branch checks are the box's (they need its installed state).
 */
public final class BundleToken {
    public static final String TYP = "wk-provision+jwt";
    /** The file on a USB key, relative to its root (**contract**). */
    public static final String PATH_ON_KEY = "wk-edge/bundle.jws";
    /** Bundles larger than this are refused unread (the import helper caps the copy at 1 MiB; a bundle is ~5 KiB). */
    public static final int MAX_CHARS = 256 * 1024;

    private BundleToken() {
    }

    public static String sign(Bundle bundle, Ed25519Key provisioningKey) {
        return Jws.sign(bundle.toJson(), TYP, provisioningKey);
    }

    public static Bundle verify(String token, KeySet pinned) throws JwsException {
        Jws.Verified v = Jws.verify(token, TYP, kid -> pinned.find(kid).orElse(null), MAX_CHARS);
        try {
            return Bundle.fromJson(v.payload());
        } catch (IllegalArgumentException e) {
            throw new JwsException(JwsException.Reason.BAD_CLAIMS, e.getMessage());
        }
    }
}
