package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.usb.UsbId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.usb4java.Context;
import org.usb4java.LibUsb;
import org.usb4java.LoaderException;

/** The raw USB printer transport on a machine where the printer is absent (and USB itself may be). */
class UsbPrinterTest {
    /** No real device has this id. */
    private static final String ABSENT = "usb:f1e2:d3c4";
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final byte[] JOB = ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(false));

    private final List<EscPosPrinter> printers = new ArrayList<>();

    @AfterEach
    void close() {
        printers.forEach(EscPosPrinter::close);
    }

    @Test
    void absentPrinterIsOfflineNamingItsIds() {
        EscPosPrinter printer = open(ABSENT);

        assertThat(printer.state().status()).isEqualTo(Status.OFFLINE);
        assertThat(printer.state().detail()).contains("f1e2:d3c4");
    }

    @Test
    void printingToAnAbsentPrinterFailsOfflineWithoutHanging() {
        EscPosPrinter printer = open(ABSENT);

        DeviceException e = assertTimeoutPreemptively(BOUND,
                () -> catchThrowableOfType(DeviceException.class, () -> printer.print(JOB)));

        assertThat(e).isNotNull();
        assertThat(e.state().status()).isEqualTo(Status.OFFLINE);
        assertThat(e).hasMessageContaining("printer=" + ABSENT).hasMessageContaining("f1e2:d3c4");
    }

    @Test
    void statusOfAnAbsentPrinterFailsOfflineWithoutHanging() {
        EscPosPrinter printer = open(ABSENT + "?poll=0");

        DeviceException e = assertTimeoutPreemptively(BOUND,
                () -> catchThrowableOfType(DeviceException.class, printer::status));

        assertThat(e).isNotNull();
        assertThat(e.state().status()).isEqualTo(Status.OFFLINE);
    }

    @Test
    void absentPrinterIsNotAttachedWhereLibusbRuns() {
        Context context = new Context();
        int started;
        try {
            started = LibUsb.init(context);
        } catch (LinkageError | LoaderException e) {
            started = LibUsb.ERROR_NOT_SUPPORTED;
        }
        assumeTrue(started == LibUsb.SUCCESS, "libusb does not start on this machine");
        try {
            UsbTarget target = UsbTarget.from(DeviceUri.parse(ABSENT));

            assertThatThrownBy(() -> LibUsbPipe.claim(target, context))
                    .isInstanceOf(IOException.class)
                    .hasMessage("usb f1e2:d3c4 is not attached");
        } finally {
            LibUsb.exit(context);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"usb:04b8", "usb:04b8:0e1x", "usb:04b8:0e15?interface=x", "usb:04b8:0e15?interface=256",
            "usb:04b8:0e15?detach=maybe"})
    void badUsbUrisAreRefusedNamingTheUri(String raw) {
        assertThatThrownBy(() -> EscPosPrinter.open(DeviceUri.parse(raw)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + raw + "'");
    }

    @Test
    void usbOptionsDefaultToInterfaceZeroWithUsblpDetached() {
        assertThat(UsbTarget.from(DeviceUri.parse("usb:04b8:0e15")))
                .isEqualTo(new UsbTarget(UsbId.parse("04b8:0e15"), 0, true));
        assertThat(UsbTarget.from(DeviceUri.parse("usb:04b8:0e15?interface=1&detach=false")))
                .isEqualTo(new UsbTarget(UsbId.parse("04b8:0e15"), 1, false));
    }

    @Test
    void busyInterfaceSuggestsTheUsblpDevice() {
        UsbTarget target = UsbTarget.from(DeviceUri.parse("usb:04b8:0e15?detach=false"));

        assertThat(LibUsbPipe.claimFailure(target, LibUsb.ERROR_BUSY))
                .isEqualTo("interface 0 of usb 04b8:0e15 is busy (LIBUSB_ERROR_BUSY): the kernel usblp driver or another "
                        + "program holds it, and detach=false keeps it there; print through usblp:/dev/usb/lpN instead");
    }

    @Test
    void missingPermissionSuggestsAUdevRuleOrUsblp() {
        UsbTarget target = UsbTarget.from(DeviceUri.parse("usb:04b8:0e15"));

        assertThat(LibUsbPipe.openFailure(target, LibUsb.ERROR_ACCESS))
                .contains("usb 04b8:0e15", "no permission", "udev", "usblp:/dev/usb/lpN");
    }

    private EscPosPrinter open(String uri) {
        EscPosPrinter printer = assertTimeoutPreemptively(BOUND, () -> EscPosPrinter.open(DeviceUri.parse(uri)));
        printers.add(printer);
        return printer;
    }
}
