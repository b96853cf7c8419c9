package com.wkpos.edge.agent.license;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the box checks its license.
 *
 * @param keys   the pinned HQ public keys (a JWK Set file); without it every license is refused and
 *               the box runs locked (readable, exportable)
 * @param tenant the tenant this box belongs to, when known before the first license arrives; a
 *               license for another tenant is refused
 */
public record LicenseSettings(Optional<Path> keys, Optional<String> tenant) {
    public static final LicenseSettings NONE = new LicenseSettings(Optional.empty(), Optional.empty());
}
