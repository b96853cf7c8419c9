package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.customer.CustomerProfiles;
import com.wkpos.edge.protocol.CustomerProfile;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.SyncCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HQ's customer profiles merged into a real branch journal and the till's customer store. */
class CustomerSectionTest {
    @TempDir
    Path dir;
    private TestBranch branch;
    private CustomerProfiles profiles;
    private CustomerSection section;
    private final String id = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        profiles = new CustomerProfiles(branch.journal, Clock.systemUTC());
        section = new CustomerSection(new CustomerMerge(profiles, branch.journal.hlc()));
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private void apply(long version, long hlc, String device, String name) throws Exception {
        section.apply(version, SyncCodec.MAPPER.readTree("{\"" + id + "\":{\"hlc\":" + hlc + ",\"device\":\"" + device
                + "\",\"fields\":{" + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"phone\":\"555\"}}}"));
    }

    private long journalHead() {
        return branch.journal.head().seq();
    }

    @Test
    void aProfileFromElsewhereKeepsItsWriterAndMergesLastWriterWins() throws Exception {
        long now = HybridLogicalClock.pack(System.currentTimeMillis(), 0);
        apply(1, now, "dev-x", "Zoe");
        assertThat(profiles.find(id)).contains(new CustomerProfile(id, now, "dev-x",
                java.util.Map.of("name", "Zoe", "phone", "555")));
        assertThat(branch.journal.hlc().now()).as("the branch's clock moved past the profile's").isGreaterThan(now);

        long head = journalHead();
        apply(2, now, "dev-x", "Zoe");
        apply(3, now - 5, "dev-y", "Older");
        apply(4, now, "dev-a", "Same clock, smaller device");
        assertThat(journalHead()).as("nothing to write for an echo or a loser").isEqualTo(head);

        apply(5, now, "dev-z", "Zoe Z");
        assertThat(profiles.find(id).orElseThrow().fields().get("name")).isEqualTo("Zoe Z");
        assertThat(journalHead()).isEqualTo(head + 1);

        apply(6, now + 10, "dev-x", null);
        apply(7, HybridLogicalClock.pack(System.currentTimeMillis() + 3_600_000, 0), "dev-x", "From the future");
        assertThat(section.rejected()).as("a nameless and a drifting profile are skipped, not fatal").isEqualTo(2);
        assertThat(profiles.find(id).orElseThrow().fields().get("name")).isEqualTo("Zoe Z");
    }
}
