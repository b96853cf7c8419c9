/**
 * USB point-of-sale devices: {@link com.wkpos.edge.drivers.usb.UsbDevices} lists the known receipt printers,
 * barcode scanners and card terminals attached (javax.usb through usb4java) and reports them coming and
 * going; {@link com.wkpos.edge.drivers.usb.UsbId} is a {@code VID:PID} pair as {@code usb:} device URIs name
 * it. Printing over raw USB lives with the printer driver ({@code usb:04b8:0e15} in the escpos package).
 */
package com.wkpos.edge.drivers.usb;
