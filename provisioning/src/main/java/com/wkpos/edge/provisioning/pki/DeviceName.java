package com.wkpos.edge.provisioning.pki;

import java.util.regex.Pattern;

/**
 * A device's name: its certificate's CN and, through {@code use_identity_as_username}, its broker user
 * name; {@code <tenant>.<branch>.<suffix>}. Only characters that are safe in an MQTT topic level, an ACL
 * file line and a file name are allowed, so the name can never widen an ACL rule or escape a folder.
 */
public final class DeviceName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private DeviceName() {
    }

    /** @throws IllegalArgumentException naming the bad value */
    public static String require(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("a device name is 1-128 of A-Z a-z 0-9 _ . - (no '..'), was '" + name + "'");
        }
        return name;
    }

    public static String of(String tenant, String branch, String suffix) {
        return require(tenant + "." + branch + "." + suffix);
    }
}
