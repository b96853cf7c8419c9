package com.wkpos.edge.provisioning.license;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;

/**
 * License tokens: compact JWS, {@code alg EdDSA}, {@code typ wk-license+jwt}, {@code kid} of HQ's
 * key (**contract**). Verifying here checks signature and claim shapes; whether a license is in
 * force at a given time, for a given tenant and device, is the holder's decision.
 */
public final class LicenseToken {
    public static final String TYP = "wk-license+jwt";

    private LicenseToken() {
    }

    public static String issue(LicenseClaims claims, Ed25519Key hqKey) {
        return Jws.sign(claims.toJson(), TYP, hqKey);
    }

    public static LicenseClaims verify(String token, KeySet pinned) throws JwsException {
        Jws.Verified v = Jws.verify(token, TYP, pinned);
        try {
            return LicenseClaims.fromJson(v.payload());
        } catch (IllegalArgumentException e) {
            throw new JwsException(JwsException.Reason.BAD_CLAIMS, e.getMessage());
        }
    }
}
