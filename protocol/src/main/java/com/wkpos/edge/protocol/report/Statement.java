package com.wkpos.edge.protocol.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's statement, the same at the box and at HQ (which adds the branch of each line): the balance
 * brought forward from the lines before {@code from}, each later line with the running balance, and the
 * closing balance.
 */
public final class Statement {
    /** One job, adjustment, payment or reversal; {@code branch} only at HQ. */
    public record Line(String date, String kind, String ref, String branch, String description, long debit,
                       long credit) {
    }

    /** The figures: {@code lines} as JSON, {@code rows} as the table's, the opening row first. */
    public record Built(long opening, long closing, List<Map<String, Object>> lines, List<List<Object>> rows) {
    }

    private Statement() {
    }

    /** @param sorted the lines in the order they happened, up to the end of the range */
    public static Built build(List<Line> sorted, LocalDate from, boolean withBranch) {
        String start = from.toString();
        long opening = 0;
        long balance = 0;
        List<Map<String, Object>> out = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(null);
        for (Line l : sorted) {
            balance += l.debit() - l.credit();
            if (l.date().compareTo(start) < 0) {
                opening = balance;
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", l.date());
            m.put("kind", l.kind());
            m.put("ref", l.ref());
            if (withBranch) {
                m.put("branch", l.branch());
            }
            m.put("description", l.description());
            m.put("debit", l.debit());
            m.put("credit", l.credit());
            m.put("balance", balance);
            out.add(m);
            rows.add(withBranch ? List.of(l.date(), l.kind(), l.branch(), l.description(), l.debit(), l.credit(), balance)
                    : List.of(l.date(), l.kind(), l.description(), l.debit(), l.credit(), balance));
        }
        rows.set(0, withBranch ? List.of(start, "OPENING", "-", "balance brought forward", 0L, 0L, opening)
                : List.of(start, "OPENING", "balance brought forward", 0L, 0L, opening));
        return new Built(opening, balance, out, rows);
    }
}
