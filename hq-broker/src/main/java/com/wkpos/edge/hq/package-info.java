/**
 * The HQ service: MQTT broker, journal ingest, catalog and price publishing, license and enrollment
 * authority. Filled by the sync work; it depends only on protocol and provisioning.
 */
package com.wkpos.edge.hq;
