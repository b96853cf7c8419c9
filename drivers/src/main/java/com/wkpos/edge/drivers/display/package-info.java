/**
 * Customer pole displays: {@link com.wkpos.edge.drivers.display.SerialPoleDisplay} (a 2×20 display on a
 * serial port, CD5220 command set) and {@link com.wkpos.edge.drivers.display.SimPoleDisplay} (keeps the
 * two lines in memory).
 */
package com.wkpos.edge.drivers.display;
