package com.wkpos.edge.agent.provisioning;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * USB-key provisioning on this box: the pinned provisioning keys ({@code --provisioning-keys FILE},
 * {@code provisioning.keys}; the package pins {@code /etc/wk-edge/provisioning-keys.jwks}) and folders to
 * poll as keys besides the spool, {@code /media} and {@code /run/media} ({@code --usb-key-folder DIR},
 * {@code provisioning.folders}, comma-separated). No keys: the box does not watch for bundles.
 */
public record ProvisioningSettings(Optional<Path> keys, List<Path> folders) {
    public ProvisioningSettings {
        folders = List.copyOf(folders);
    }

    public static ProvisioningSettings parse(String keys, String folders) {
        List<Path> f = folders == null || folders.isBlank() ? List.of()
                : java.util.Arrays.stream(folders.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
        return new ProvisioningSettings(Optional.ofNullable(keys).map(Path::of), f);
    }
}
