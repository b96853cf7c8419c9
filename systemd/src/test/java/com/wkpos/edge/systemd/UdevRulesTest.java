package com.wkpos.edge.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.drivers.usb.UsbDevices;
import com.wkpos.edge.drivers.usb.UsbId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The udev rules and the drivers' table of known POS devices name the same devices: every known id gets
 * its stable name under {@code /dev/wk-edge/}, and the rules name nothing the agent does not know.
 */
class UdevRulesTest {
    private static final Pattern KEY = Pattern.compile("(\\w+)(\\{[^}]+})?(==|!=|\\+=|=|:=)\"([^\"]*)\"");
    private static List<String> rules;

    @BeforeAll
    static void read() throws Exception {
        rules = Files.readAllLines(Path.of(System.getProperty("wk.systemd.src", "src/main"), "udev/70-wk-edge.rules"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void everyLineIsCommaSeparatedKeyOperatorQuotedValue() {
        for (String line : rules) {
            for (String part : line.split(",\\s*")) {
                assertThat(KEY.matcher(part.strip()).matches()).as("'%s' in: %s", part, line).isTrue();
            }
        }
    }

    @Test
    void everyKnownModelGetsItsStableNameAndNothingElseIsNamed() {
        Map<String, Set<String>> named = namedIds();
        Map<String, Set<String>> expected = new HashMap<>();
        UsbDevices.knownModels().forEach((id, known) -> expected.computeIfAbsent(id.toString(), k -> new HashSet<>())
                .add(name(known.kind())));
        UsbDevices.knownVendors().forEach((vendor, known) -> expected.computeIfAbsent(
                "%04x:*".formatted(vendor), k -> new HashSet<>()).add(name(known.kind())));
        assertThat(named).isEqualTo(expected);
    }

    @Test
    void printersAlsoGetTheirRawUsbNodeForTheAgentsGroup() {
        for (UsbId id : UsbDevices.knownModels().entrySet().stream()
                .filter(e -> e.getValue().kind() == UsbDevices.Kind.RECEIPT_PRINTER).map(Map.Entry::getKey).toList()) {
            assertThat(rules).as("raw USB rule for %s", id).anyMatch(l -> l.contains("SUBSYSTEM==\"usb\"")
                    && l.contains("ATTR{idVendor}==\"%04x\"".formatted(id.vendor()))
                    && l.contains("ATTR{idProduct}==\"%04x\"".formatted(id.product())) && l.contains("GROUP=\"wk-edge\""));
        }
    }

    @Test
    void aUsbKeyWithAFilesystemStartsTheImportUnit() {
        assertThat(rules).anyMatch(l -> l.contains("SUBSYSTEM==\"block\"") && l.contains("ENV{ID_BUS}==\"usb\"")
                && l.contains("ENV{SYSTEMD_WANTS}+=\"wk-edge-usbkey@%k.service\""));
    }

    /** id ("04b8:0e15", or "0c2e:*" for a whole vendor) → the names /dev/wk-edge/… the rules give it. */
    private static Map<String, Set<String>> namedIds() {
        Pattern vendor = Pattern.compile("ATTRS\\{idVendor}==\"(\\p{XDigit}{4})\"");
        Pattern product = Pattern.compile("ATTRS\\{idProduct}==\"(\\p{XDigit}{4})\"");
        Pattern symlink = Pattern.compile("SYMLINK\\+=\"wk-edge/(\\w+)\"");
        Map<String, Set<String>> named = new HashMap<>();
        for (String line : rules) {
            Matcher s = symlink.matcher(line);
            if (!s.find()) {
                continue;
            }
            Matcher v = vendor.matcher(line);
            assertThat(v.find()).as("a named device is matched by vendor: %s", line).isTrue();
            Matcher p = product.matcher(line);
            String id = v.group(1) + ":" + (p.find() ? p.group(1) : "*");
            named.computeIfAbsent(id, k -> new HashSet<>()).add(s.group(1));
        }
        return named;
    }

    private static String name(UsbDevices.Kind kind) {
        return switch (kind) {
            case RECEIPT_PRINTER -> "printer";
            case BARCODE_SCANNER -> "scanner";
            case CARD_TERMINAL -> "terminal";
        };
    }
}
