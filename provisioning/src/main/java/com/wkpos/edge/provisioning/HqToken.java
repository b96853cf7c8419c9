package com.wkpos.edge.provisioning;

import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * HQ's admin token (ADR 009): 256 random bits, base64url, in {@code STATE_DIR/admin.token}, readable by
 * its owner only. HQ makes it at first start; the operator's tools ({@code wk-edge hq …},
 * {@code wk-edge provision bundle create}) read it and send it as {@code Authorization: Bearer}. It
 * lives here, not in hq-broker, because both those tools need the same file format and lookup rules.
 */
public final class HqToken {
    public static final String FILE_NAME = "admin.token";
    /** Where the Debian package's HQ unit keeps its state ({@code StateDirectory=wk-edge-hq}). */
    public static final Path PACKAGED_STATE_DIR = Path.of("/var/lib/wk-edge-hq");
    public static final String ENV_TOKEN = "WK_EDGE_HQ_TOKEN";
    public static final String ENV_STATE_DIR = "WK_EDGE_HQ_STATE_DIR";
    static final int BYTES = 32;
    private static final int MAX_FILE = 1024;

    private HqToken() {
    }

    /**
     * HQ's side: the token in {@code stateDir}, made (owner-only, atomically) if there is none.
     *
     * @throws IllegalStateException when the file is unreadable, malformed, or readable by others
     */
    public static String loadOrCreate(Path stateDir, SecureRandom random) {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = new byte[BYTES];
            random.nextBytes(b);
            KeyFiles.writeAtomically(file, (Base64Url.encode(b) + "\n").getBytes(StandardCharsets.US_ASCII), true);
        }
        requireOwnerOnly(file);
        return read(file);
    }

    /** @throws IllegalStateException when {@code file} is missing, too large or not a token */
    public static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalStateException(file + " is too large for an admin token");
            }
            return check(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read HQ's admin token " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The operator's side: the token to send to {@code hqUrl}, from (in this order) {@code tokenFile},
     * {@code stateDir}/admin.token, {@code $WK_EDGE_HQ_TOKEN}, and, only when HQ is on this machine's
     * loopback, the first readable one in {@code $WK_EDGE_HQ_STATE_DIR} (the launcher points it at the
     * demo's HQ) or the packaged HQ's state directory. A token found on this machine is never sent to
     * another host unless the operator named it.
     *
     * @param tokenFile {@code --hq-token-file}, or null
     * @param stateDir  {@code --hq-state-dir}, or null
     * @throws IllegalArgumentException naming the ways to give the token when none is found
     */
    public static String resolve(String hqUrl, String tokenFile, String stateDir, Function<String, String> env) {
        if (tokenFile != null) {
            return read(Path.of(tokenFile));
        }
        if (stateDir != null) {
            return read(Path.of(stateDir).resolve(FILE_NAME));
        }
        String fromEnv = env.apply(ENV_TOKEN);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return check(fromEnv.strip(), "$" + ENV_TOKEN);
        }
        if (loopback(hqUrl)) {
            String local = env.apply(ENV_STATE_DIR);
            for (Path dir : local == null || local.isBlank() ? List.of(PACKAGED_STATE_DIR)
                    : List.of(Path.of(local), PACKAGED_STATE_DIR)) {
                if (Files.isReadable(dir.resolve(FILE_NAME))) {
                    return read(dir.resolve(FILE_NAME));
                }
            }
        }
        throw new IllegalArgumentException("HQ's admin API at " + hqUrl + " needs its token: give --hq-token-file FILE,"
                + " $" + ENV_TOKEN + ", or --hq-state-dir DIR (HQ keeps it in DIR/" + FILE_NAME + ")");
    }

    static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
                    || host.startsWith("127."));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String check(String token, String where) {
        if (!token.matches("[A-Za-z0-9_-]{43,128}")) {
            throw new IllegalStateException(where + " does not hold an HQ admin token (43+ base64url characters)");
        }
        return token;
    }

    private static void requireOwnerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                throw new IllegalStateException(file + " is readable by others (" + p + "); chmod 600 it");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the permissions of " + file + ": " + e.getMessage(), e);
        }
    }
}
