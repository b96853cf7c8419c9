package com.wkpos.edge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintQueueTest {
    @TempDir
    Path dir;

    @Test
    void jobInterruptedByACrashPrintsAgainAsACopy() {
        String saleId;
        String jobId;
        try (TestBranch b = new TestBranch(dir)) {
            saleId = b.sell("COF-250", 1).sale().id();
            PrintQueue queue = new PrintQueue(b.journal);
            jobId = b.journal.submit(tx -> PrintQueue.enqueue(tx, saleId, PrintJob.Kind.ORIGINAL, "sale")).join();
            assertThat(queue.next().orElseThrow().printAsCopy()).isFalse();
            queue.started(jobId);
        }
        try (TestBranch b = new TestBranch(dir)) {
            PrintJob job = new PrintQueue(b.journal).next().orElseThrow();
            assertThat(job.id()).isEqualTo(jobId);
            assertThat(job.status()).isEqualTo(PrintJob.Status.PRINTING);
            assertThat(job.printAsCopy()).isTrue();
            assertThat(Agent.verifier().verify(dir).ok()).isTrue();
        }
    }

    @Test
    void failedAttemptGoesBackToTheQueueAsAnOriginalAndPrintedLeavesIt() {
        try (TestBranch b = new TestBranch(dir)) {
            String saleId = b.sell("COF-250", 1).sale().id();
            PrintQueue queue = new PrintQueue(b.journal);
            String jobId = b.journal.submit(tx -> PrintQueue.enqueue(tx, saleId, PrintJob.Kind.ORIGINAL, "sale")).join();
            queue.started(jobId);
            queue.failed(jobId, "printer=sim state=PAPER_OUT");
            PrintJob again = queue.next().orElseThrow();
            assertThat(again.status()).isEqualTo(PrintJob.Status.QUEUED);
            assertThat(again.printAsCopy()).isFalse();
            assertThat(again.attempts()).isEqualTo(1);
            assertThat(again.lastError()).contains("PAPER_OUT");
            queue.started(jobId);
            queue.printed(jobId);
            assertThat(queue.next()).isEmpty();
            assertThat(queue.pending()).isZero();
            String copy = queue.reprint(saleId, "test");
            assertThat(queue.next().orElseThrow().printAsCopy()).isTrue();
            assertThat(queue.forSale(saleId)).extracting(PrintJob::id).containsExactly(jobId, copy);
            assertThat(Agent.verifier().verify(dir).ok()).isTrue();
        }
    }

    @Test
    void reportsAndSlipsQueueBehindReceiptsAndReplayInJournalVerify() {
        try (TestBranch b = new TestBranch(dir)) {
            String saleId = b.sell("COF-250", 1).sale().id();
            PrintQueue queue = new PrintQueue(b.journal);
            String receipt = b.journal.submit(tx -> PrintQueue.enqueue(tx, saleId, PrintJob.Kind.ORIGINAL, "sale")).join();
            String x = b.journal.submit(tx -> PrintQueue.enqueue(tx, PrintJob.Document.X, null, "{\"kind\":\"X\"}",
                    PrintJob.Kind.ORIGINAL, "staff:maria")).join();
            String z = b.journal.submit(tx -> PrintQueue.enqueue(tx, PrintJob.Document.Z, "1", null,
                    PrintJob.Kind.ORIGINAL, "staff:maria")).join();
            assertThat(queue.next().orElseThrow().id()).isEqualTo(receipt);
            queue.started(receipt);
            queue.printed(receipt);
            PrintJob xJob = queue.next().orElseThrow();
            assertThat(xJob.document()).isEqualTo(PrintJob.Document.X);
            assertThat(xJob.documentId()).as("an X is its own document").isEqualTo(x);
            assertThat(xJob.content()).isEqualTo("{\"kind\":\"X\"}");
            assertThat(xJob.saleId()).isNull();
            queue.started(x);
            queue.printed(x);
            String copy = queue.reprint(PrintJob.Document.Z, "1", "staff:anna");
            assertThat(queue.forDocument(PrintJob.Document.Z, "1")).extracting(PrintJob::id, PrintJob::kind)
                    .containsExactly(tuple(z, PrintJob.Kind.ORIGINAL), tuple(copy, PrintJob.Kind.COPY));
            assertThat(queue.forSale(saleId)).extracting(PrintJob::id).containsExactly(receipt);
            assertThatThrownBy(() -> b.journal.submit(tx -> PrintQueue.enqueue(tx, PrintJob.Document.X, null, null,
                    PrintJob.Kind.ORIGINAL, "staff:maria")).join()).hasMessageContaining("X report");
            assertThatThrownBy(() -> queue.reprint(PrintJob.Document.X, x, "staff:anna"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Agent.verifier().verify(dir).ok()).isTrue();
        }
    }
}
