package com.wkpos.edge.agent.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeDropTest {
    @TempDir
    Path state;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aDroppedCodeIsPrivateHoldsNoClearTextAndIsTakenOnce() throws Exception {
        CodeDrop.Issued issued = CodeDrop.issue(state, clock);
        Path file = state.resolve(CodeDrop.INBOX).resolve(issued.codeId() + ".json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(file)).doesNotContain("\"" + issued.code() + "\"").contains(issued.sha256());

        List<CodeDrop.Dropped> taken = CodeDrop.take(state);
        assertThat(taken).singleElement().satisfies(d -> {
            assertThat(d.sha256()).isEqualTo(PairingCodes.sha256(issued.code()));
            assertThat(d.expiresAt()).isEqualTo(clock.instant().plus(PairingCodes.LIFETIME));
        });
        assertThat(CodeDrop.take(state)).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void malformedOversizedAndLinkedFilesAreDroppedNotTrusted() throws Exception {
        Path inbox = Files.createDirectories(state.resolve(CodeDrop.INBOX));
        Files.writeString(inbox.resolve("a.json"), "{\"codeId\":\"x\"}");
        Files.writeString(inbox.resolve("b.json"), "{" + " ".repeat(5000) + "}");
        Path elsewhere = Files.writeString(state.resolve("secret.json"), "{}");
        Files.createSymbolicLink(inbox.resolve("c.json"), elsewhere);
        assertThat(CodeDrop.take(state)).isEmpty();
        try (var left = Files.list(inbox)) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(elsewhere).exists();
    }
}
