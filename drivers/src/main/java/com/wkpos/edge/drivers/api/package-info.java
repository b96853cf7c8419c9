/**
 * The device ports the agent and the simulators share: {@link com.wkpos.edge.drivers.api.ReceiptPrinter},
 * {@link com.wkpos.edge.drivers.api.CashDrawer}, {@link com.wkpos.edge.drivers.api.BarcodeScanner},
 * {@link com.wkpos.edge.drivers.api.CardTerminal} and {@link com.wkpos.edge.drivers.api.CustomerDisplay},
 * each made from a {@link com.wkpos.edge.drivers.api.DeviceUri}. Environment failures are
 * {@link com.wkpos.edge.drivers.api.DeviceException}s carrying the device state; card outcomes are
 * values ({@link com.wkpos.edge.drivers.api.CardOutcome}).
 */
package com.wkpos.edge.drivers.api;
