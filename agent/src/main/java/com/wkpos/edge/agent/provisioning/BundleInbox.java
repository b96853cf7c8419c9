package com.wkpos.edge.agent.provisioning;

import com.wkpos.edge.provisioning.bundle.BundleToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where bundles come from: the spool folder the USB-key import unit copies into ({@code STATE_DIR/usb-key},
 * one {@code *.jws} per key seen, dot files ignored), and mounted keys found by polling {@code /media},
 * {@code /run/media} ({@code <root>/<user>/<label>/wk-edge/bundle.jws} and {@code <root>/<label>/…}) and
 * configured folders (each the root of a key). Reading is defensive: the path must stay inside its
 * folder, no component may be a symlink, the file must be regular and at most {@link #MAX_BYTES}, and
 * never more than that is read, so a huge or sparse file costs nothing.
 */
final class BundleInbox {
    static final int MAX_BYTES = BundleToken.MAX_CHARS;

    /** A bundle found: where, whether it is a spool copy (deleted once handled), and its text or why it is refused. */
    record Candidate(Path file, boolean spooled, String text, String refusal) {
    }

    private final Path spool;
    private final List<Path> mountRoots;
    private final List<Path> keyFolders;

    BundleInbox(Path spool, List<Path> mountRoots, List<Path> keyFolders) {
        this.spool = spool;
        this.mountRoots = List.copyOf(mountRoots);
        this.keyFolders = List.copyOf(keyFolders);
    }

    /** Every bundle currently visible, oldest spool copy first. */
    List<Candidate> scan() {
        List<Candidate> out = new ArrayList<>();
        for (Path f : sorted(spool)) {
            String name = f.getFileName().toString();
            if (!name.startsWith(".") && name.endsWith(".jws")) {
                out.add(read(spool, f.getFileName().toString(), true));
            }
        }
        for (Path root : mountRoots) {
            for (Path level1 : sorted(root)) {
                out.addAll(onKey(root, root.relativize(level1)));
                for (Path level2 : sorted(level1)) {
                    out.addAll(onKey(root, root.relativize(level2)));
                }
            }
        }
        for (Path key : keyFolders) {
            out.addAll(onKey(key, Path.of("")));
        }
        return out;
    }

    private static List<Candidate> onKey(Path root, Path key) {
        Path file = root.resolve(key).resolve(BundleToken.PATH_ON_KEY);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file.getParent())) {
            return List.of();
        }
        return List.of(read(root, key.resolve(BundleToken.PATH_ON_KEY).toString(), false));
    }

    /** Reads {@code relative} under {@code root}, refusing escapes, symlinks, non-regular and oversized files. */
    static Candidate read(Path root, String relative, boolean spooled) {
        Path base = root.toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            return new Candidate(file, spooled, null, "path escapes its folder: " + relative);
        }
        for (Path p = file; !p.equals(base); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return new Candidate(file, spooled, null, "symlink on the path: " + base.relativize(p));
            }
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return new Candidate(file, spooled, null, "not a regular file");
            }
            if (a.size() > MAX_BYTES) {
                return new Candidate(file, spooled, null, "oversized: " + a.size() + " bytes, at most " + MAX_BYTES);
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] b = in.readNBytes(MAX_BYTES + 1);
                if (b.length > MAX_BYTES) {
                    return new Candidate(file, spooled, null, "oversized: grew past " + MAX_BYTES + " bytes while read");
                }
                return new Candidate(file, spooled, new String(b, StandardCharsets.US_ASCII).strip(), null);
            }
        } catch (NoSuchFileException e) {
            return new Candidate(file, spooled, null, "vanished while read");
        } catch (IOException e) {
            return new Candidate(file, spooled, null, "unreadable: " + e.getMessage());
        }
    }

    private static List<Path> sorted(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
