package com.wkpos.edge.agent.print;

import com.wkpos.edge.agent.fiscal.FiscalRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every printed document shares beyond its own data: the branch's header lines, its time zone (all
 * printed times are local), the till's name, readable names of promotions, and the fiscal record of a
 * document (empty where the branch has no security device).
 *
 * @param till       the till as printed: branch and device
 * @param promotions a promotion's name by id (its id where unknown)
 * @param names      a journal actor's name as printed ({@code staff:anna} → {@code Anna Schmidt})
 * @param fiscal     the fiscal record of {@code sale:<id>} or {@code refund:<id>}
 */
public record ReceiptFacts(List<String> header, ZoneId zone, String till, Function<String, String> promotions,
                           Function<String, String> names, Function<String, Optional<FiscalRecord>> fiscal) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.uuuu HH:mm:ss");

    public ReceiptFacts {
        header = List.copyOf(header);
    }

    /** An instant as the receipt prints it: local date and time to the second, {@code 05.12.2026 16:47:12}. */
    public String local(String isoInstant) {
        return LOCAL.format(Instant.parse(isoInstant).atZone(zone));
    }
}
