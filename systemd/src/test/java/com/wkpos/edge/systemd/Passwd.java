package com.wkpos.edge.systemd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Names to ids from a passwd or group file of the throw-away root (the host's ids mean nothing there). */
final class Passwd {
    private Passwd() {
    }

    static Map<String, Integer> read(Path file) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(":");
            if (f.length >= 3) {
                ids.put(f[0], Integer.parseInt(f[2]));
            }
        }
        return ids;
    }
}
