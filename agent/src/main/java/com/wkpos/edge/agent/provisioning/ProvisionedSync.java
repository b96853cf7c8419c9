package com.wkpos.edge.agent.provisioning;

import com.wkpos.edge.agent.sync.SyncSettings;
import com.wkpos.edge.protocol.mqtt.Tls;
import java.io.IOException;
import java.nio.file.Files;
import javax.net.ssl.SSLSocketFactory;

/** Sync settings and mTLS material from the installed provisioning configuration. */
public final class ProvisionedSync {
    private ProvisionedSync() {
    }

    public static SyncSettings settings(InstalledConfig.Installed i) {
        return SyncSettings.of(i.brokerUrl(), i.tenant(), i.branch(), i.file(InstalledConfig.HQ_KEY));
    }

    /** The box's certificate and key, trusting only the bundle's broker CA. */
    public static SSLSocketFactory tls(InstalledConfig.Installed i) {
        try {
            return Tls.socketFactory(Files.readString(i.file(InstalledConfig.CA)),
                    Files.readString(i.file(InstalledConfig.DEVICE_CERT)), Files.readString(i.file(InstalledConfig.DEVICE_KEY)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the installed TLS material in " + i.dir() + ": " + e.getMessage(), e);
        }
    }
}
