package com.wkpos.edge.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb is lint-clean (every override justified in the package), and installs, upgrades, removes and
 * purges in a throw-away root: {@code dpkg --root} with {@code --force-script-chrootless}, so the real
 * maintainer scripts run against that root through {@code $DPKG_ROOT} (sysusers, tmpfiles,
 * deb-systemd-helper all honour it) without a whole Debian tree to chroot into. Dependencies are not
 * installed there, hence {@code --force-depends}.
 */
class PackageIT {
    @TempDir
    Path root;

    @BeforeEach
    void emptyDpkgDatabase() throws Exception {
        Tools.require("dpkg", "lintian", "systemd-sysusers", "systemd-tmpfiles", "deb-systemd-helper");
        for (String d : new String[] {"info", "updates", "triggers"}) {
            Files.createDirectories(root.resolve("var/lib/dpkg").resolve(d));
        }
        Files.createFile(root.resolve("var/lib/dpkg/status"));
    }

    @Test
    void lintianFindsNothingUnjustified() throws Exception {
        Tools.Result r = Tools.run(Map.of(), "lintian", "--fail-on", "error,warning", Tools.deb().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.matches("^[EW]: .*"))).as(r.output()).isEmpty();
    }

    @Test
    void installsUpgradesRemovesAndPurgesKeepingTheJournal() throws Exception {
        dpkg("-i", Tools.deb().toString());
        Map<String, Integer> uids = Passwd.read(root.resolve("etc/passwd"));
        assertThat(uids).containsKeys("wk-edge", "wk-edge-hq");
        assertThat(Passwd.read(root.resolve("etc/group"))).containsKey("gpio");
        int agent = uids.get("wk-edge");
        file("usr/bin/wk-edge", "rwxr-xr-x", 0);
        file("usr/lib/wk-edge/usbkey-import", "rwxr-xr-x", 0);
        file("usr/share/wk-edge/agent/wk-edge-agent.jar", "rw-r--r--", 0);
        file("lib/systemd/system/wk-edge-agent.service", "rw-r--r--", 0);
        file("lib/systemd/system/wk-edge-hq.service", "rw-r--r--", 0);
        file("lib/udev/rules.d/70-wk-edge.rules", "rw-r--r--", 0);
        file("usr/lib/sysusers.d/wk-edge.conf", "rw-r--r--", 0);
        file("etc/wk-edge/agent.properties", "rw-r--r--", 0);
        file("var/lib/wk-edge", "rwxr-x---", agent);
        file("var/lib/wk-edge/usb-key", "rwxr-x---", agent);
        file("etc/wk-edge/provisioning-keys.jwks", "rw-r--r--", 0);
        assertThat(Files.readString(root.resolve("etc/wk-edge/provisioning-keys.jwks"))).as("a build without the vendor's"
                + " key pins none").contains("\"keys\":[]");
        assertThat(Files.readAllLines(root.resolve("var/lib/dpkg/info/wk-edge.conffiles")))
                .containsExactlyInAnyOrder("/etc/wk-edge/agent.properties", "/etc/wk-edge/provisioning-keys.jwks");
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/wk-edge-agent.service"))
                .as("agent enabled").isSymbolicLink();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/wk-edge-hq.service"))
                .as("HQ not enabled on a branch box").doesNotExist();
        assertThat(Files.list(root.resolve("usr/share/wk-edge/agent/lib")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("sqlite-jdbc-")).anyMatch(n -> n.startsWith("javalin-"));

        Path journal = root.resolve("var/lib/wk-edge/journal.db");
        Files.writeString(journal, "sales");
        Path conf = root.resolve("etc/wk-edge/agent.properties");
        Files.writeString(conf, Files.readString(conf).replace("branch.name=WK branch", "branch.name=Filiale 7"));
        dpkg("-i", Tools.deb().toString());
        assertThat(journal).as("upgrade keeps the journal").hasContent("sales");
        assertThat(Files.readString(conf)).as("upgrade keeps the admin's configuration").contains("Filiale 7");

        dpkg("-r", "wk-edge");
        assertThat(root.resolve("usr/bin/wk-edge")).doesNotExist();
        assertThat(root.resolve("lib/systemd/system/wk-edge-agent.service")).doesNotExist();
        assertThat(journal).as("remove keeps the journal").hasContent("sales");
        assertThat(conf).as("remove keeps conffiles").exists();

        String purge = dpkg("-P", "wk-edge");
        assertThat(conf).as("purge deletes conffiles").doesNotExist();
        assertThat(journal).as("purge without the admin's yes keeps the journal").hasContent("sales");
        assertThat(purge).contains("kept " + root + "/var/lib/wk-edge");
    }

    private String dpkg(String... args) throws Exception {
        String[] command = new String[args.length + 5];
        command[0] = "dpkg";
        command[1] = "--root=" + root;
        command[2] = "--force-script-chrootless";
        command[3] = "--force-depends";
        command[4] = "--log=" + root.resolve("dpkg.log");
        System.arraycopy(args, 0, command, 5, args.length);
        return Tools.ok(Map.of("DEBIAN_FRONTEND", "noninteractive"), command);
    }

    private void file(String path, String mode, int uid) throws Exception {
        Path p = root.resolve(path);
        assertThat(p).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                .as("mode of %s", path).isEqualTo(mode);
        assertThat((int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", path)
                .isEqualTo(uid);
    }
}
