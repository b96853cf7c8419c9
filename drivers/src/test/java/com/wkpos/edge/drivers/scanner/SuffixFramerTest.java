package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SuffixFramerTest {
    private final RecordingSink sink = new RecordingSink();

    private SuffixFramer framer(Suffix suffix, int maxLength) {
        return new SuffixFramer(suffix, new CodeBuffer(maxLength, sink));
    }

    private static void feed(SuffixFramer framer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        framer.feed(bytes, bytes.length);
    }

    @Test
    void crEndsEachCode() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "4006381333931\r12345670\r");
        assertThat(sink.codes).containsExactly("4006381333931", "12345670");
    }

    @Test
    void crlfScannerReadsCleanlyWithSuffixCr() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "4006381333931\r\n12345670\r\n");
        assertThat(sink.codes).containsExactly("4006381333931", "12345670");
    }

    @Test
    void lfSuffixDropsTheCrOfCrlf() {
        SuffixFramer framer = framer(Suffix.LF, 128);
        feed(framer, "ABC\nDEF\r\n");
        assertThat(sink.codes).containsExactly("ABC", "DEF");
    }

    @Test
    void crlfSuffixEndsAtCr() {
        SuffixFramer framer = framer(Suffix.CRLF, 128);
        feed(framer, "ABC\r\nDEF\r\n");
        assertThat(sink.codes).containsExactly("ABC", "DEF");
    }

    @Test
    void tabSuffixEndsAtTabAndIgnoresLineEnds() {
        SuffixFramer framer = framer(Suffix.TAB, 128);
        feed(framer, "ABC\tD\r\nEF\t");
        assertThat(sink.codes).containsExactly("ABC", "DEF");
    }

    @Test
    void codeSplitAcrossReadsIsJoined() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "40063");
        feed(framer, "81333931");
        assertThat(sink.codes).isEmpty();
        feed(framer, "\r");
        assertThat(sink.codes).containsExactly("4006381333931");
    }

    @Test
    void gs1SeparatorStaysInTheCode() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "0104006381333931\u001D10ABC\r");
        assertThat(sink.codes).containsExactly("0104006381333931\u001D10ABC");
    }

    @Test
    void emptyCodesBetweenSuffixesAreIgnored() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "\r\r\nA\r\r");
        assertThat(sink.codes).containsExactly("A");
    }

    @Test
    void codeOfExactlyMaxLengthIsKeptOneMoreIsDropped() {
        SuffixFramer framer = framer(Suffix.CR, 8);
        feed(framer, "12345678\r123456789\r");
        assertThat(sink.codes).containsExactly("12345678");
        assertThat(sink.drops).singleElement().asString().contains("longer than 8");
    }

    @Test
    void megabyteFloodWithoutSuffixIsDroppedOnceAndHoldsNoMoreThanMaxLength() {
        CodeBuffer buffer = new CodeBuffer(128, sink);
        SuffixFramer framer = new SuffixFramer(Suffix.CR, buffer);
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'X');
        for (int i = 0; i < 256; i++) {
            framer.feed(chunk, chunk.length);
            assertThat(buffer.held()).isLessThanOrEqualTo(128);
        }
        assertThat(sink.drops).hasSize(1);
        feed(framer, "\r4006381333931\r");
        assertThat(sink.codes).containsExactly("4006381333931");
    }

    @Test
    void partialCodeDiscardedAfterAPauseDoesNotStickToTheNextScan() {
        SuffixFramer framer = framer(Suffix.CR, 128);
        feed(framer, "noise");
        assertThat(framer.hasPartial()).isTrue();
        framer.discardPartial();
        feed(framer, "4006381333931\r");
        assertThat(sink.codes).containsExactly("4006381333931");
    }

    @Test
    void unknownSuffixFailsNamingTheUri() {
        DeviceUri uri = DeviceUri.parse("serial:/dev/ttyACM0?suffix=ETX");
        assertThatThrownBy(() -> Suffix.of(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serial:/dev/ttyACM0?suffix=ETX").hasMessageContaining("ETX");
    }

    @Test
    void suffixOptionIsCaseInsensitiveAndDefaultsToCr() {
        assertThat(Suffix.of(DeviceUri.parse("serial:/dev/ttyACM0?suffix=crlf"))).isEqualTo(Suffix.CRLF);
        assertThat(Suffix.of(DeviceUri.parse("serial:/dev/ttyACM0"))).isEqualTo(Suffix.CR);
    }
}
