package com.wkpos.edge.drivers.scanner;

import java.util.ArrayList;
import java.util.List;

/** Records what a decoder hands on, for assertions. Not thread-safe. */
final class RecordingSink implements CodeSink {
    final List<String> codes = new ArrayList<>();
    final List<String> drops = new ArrayList<>();

    @Override
    public void code(String code) {
        codes.add(code);
    }

    @Override
    public void dropped(String reason) {
        drops.add(reason);
    }
}
