/**
 * The device ports ({@code ReceiptPrinter}, {@code CashDrawer}, {@code BarcodeScanner},
 * {@code CardTerminal}) that the agent and the simulators share. Filled by the devices work.
 */
package com.wkpos.edge.drivers.api;
