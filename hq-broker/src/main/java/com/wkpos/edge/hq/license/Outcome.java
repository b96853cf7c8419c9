package com.wkpos.edge.hq.license;

import com.wkpos.edge.provisioning.license.LicenseClaims;

/** What an authority operation came to: a license issued, a change done, or {@link Refused}. */
public sealed interface Outcome permits Outcome.Issued, Outcome.Done, Refused {
    /** A signed license token and its claims (a tenant license, or one bound to a device). */
    record Issued(String token, LicenseClaims claims) implements Outcome {
    }

    record Done(String detail) implements Outcome {
    }
}
