package com.wkpos.edge.agent.license;

import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.RenewalReply;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The grace ladder as a pure function of trusted time, the license held and HQ's last word: no
 * clock, no I/O, so every rung is tested both ways without waiting.
 */
public final class Ladder {
    public static final Duration WARN_AFTER = Duration.ofHours(24);
    public static final Duration SALES_ONLY_AFTER = Duration.ofHours(72);

    private Ladder() {
    }

    /**
     * @param claims        the verified license held, if any
     * @param device        this box's key thumbprint
     * @param lastReply     HQ's time in the last signed heartbeat reply accepted, if any
     * @param standing      HQ's standing in that reply ({@code ACTIVE} when none)
     * @param why           why there is no license (shown when {@code claims} is empty)
     */
    public static LicenseStatus evaluate(Instant now, Optional<LicenseClaims> claims, String device,
                                         Optional<Instant> lastReply, RenewalReply.Status standing, String why) {
        if (claims.isEmpty()) {
            Instant since = lastReply.orElse(now);
            boolean full = standing == RenewalReply.Status.DEVICE_LIMIT_REACHED;
            return new LicenseStatus(LicenseStatus.Level.LOCKED, full ? "device-limit-reached" : "license-locked",
                    full ? "HQ refused to activate this box: every device of the tenant's license is in use;"
                            + " deactivate one at HQ" : why, claims, now, since, Duration.between(since, now));
        }
        LicenseClaims c = claims.get();
        Instant heartbeat = lastReply.filter(r -> r.isAfter(c.iat())).orElse(c.iat());
        Duration offline = Duration.between(heartbeat, now);
        if (offline.isNegative()) {
            offline = Duration.ZERO;
        }
        String locked = lockReason(now, c, device, standing, offline);
        if (locked != null) {
            String problem = standing == RenewalReply.Status.DEVICE_LIMIT_REACHED ? "device-limit-reached"
                    : !now.isBefore(c.exp()) || offline.compareTo(Duration.ofDays(c.offlineDays())) >= 0
                    ? "license-expired" : "license-locked";
            return new LicenseStatus(LicenseStatus.Level.LOCKED, problem, locked, claims, now, heartbeat, offline);
        }
        if (offline.compareTo(SALES_ONLY_AFTER) >= 0) {
            return new LicenseStatus(LicenseStatus.Level.SALES_ONLY, "license-expired", "HQ last confirmed the license "
                    + hours(offline) + " ago: selling only until the box reaches HQ (locks after " + c.offlineDays()
                    + " days)", claims, now, heartbeat, offline);
        }
        if (offline.compareTo(WARN_AFTER) >= 0) {
            return new LicenseStatus(LicenseStatus.Level.WARNING, null, "HQ last confirmed the license " + hours(offline)
                    + " ago; check the internet connection (selling only after 72 h)", claims, now, heartbeat, offline);
        }
        return new LicenseStatus(LicenseStatus.Level.FULL, null, "licensed to " + c.tenant() + " (" + c.plan()
                + ") until " + c.exp(), claims, now, heartbeat, offline);
    }

    private static String lockReason(Instant now, LicenseClaims c, String device, RenewalReply.Status standing,
                                     Duration offline) {
        if (!now.isBefore(c.exp())) {
            return "the license expired at " + c.exp() + "; data stays readable and exportable";
        }
        if (now.isBefore(c.nbf())) {
            return "the license is not valid before " + c.nbf();
        }
        if (standing != RenewalReply.Status.ACTIVE) {
            return switch (standing) {
                case DEVICE_LIMIT_REACHED -> "HQ refused to activate this box: the tenant's " + c.maxDevices()
                        + " device(s) are all in use; deactivate one at HQ";
                case SUSPENDED -> "HQ suspended the license of " + c.tenant();
                case REVOKED -> "HQ revoked the license of " + c.tenant();
                case DEACTIVATED -> "HQ deactivated this box";
                default -> "HQ does not know tenant " + c.tenant();
            };
        }
        if (c.device().isEmpty()) {
            return "this box is not activated yet (its key thumbprint is " + device + "); it activates at its next"
                    + " heartbeat to HQ";
        }
        if (!c.device().get().equals(device)) {
            return "the license is bound to another device";
        }
        if (offline.compareTo(Duration.ofDays(c.offlineDays())) >= 0) {
            return "HQ last confirmed the license " + offline.toDays() + " days ago, more than the " + c.offlineDays()
                    + " offline days allowed; data stays readable and exportable and sync resumes when back";
        }
        return null;
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }
}
