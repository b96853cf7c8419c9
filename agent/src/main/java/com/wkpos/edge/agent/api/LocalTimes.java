package com.wkpos.edge.agent.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times on the status page and slips as the store reads them: in the branch's zone, to the second. */
public record LocalTimes(ZoneId zone) {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final java.util.regex.Pattern INSTANT =
            java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,9})?)?Z");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    public String of(Instant t) {
        return t == null ? "never" : FORMAT.format(t.atZone(zone));
    }

    /** An ISO-8601 instant as the journal keeps it; anything else is shown as it is. */
    public String of(String iso) {
        if (iso == null || iso.isBlank()) {
            return "never";
        }
        try {
            return of(java.time.OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** A message with ISO-8601 instants in it (as the API words it), each shown in the branch's zone. */
    public String in(String text) {
        return text == null ? "" : INSTANT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(of(m.group())));
    }

    /** {@code 14:05 (Europe/Berlin)}: a time of day today, for a slip. */
    public String clock(Instant t) {
        return CLOCK.format(t.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
