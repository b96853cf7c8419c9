/**
 * Keys, signed license tokens, provisioning bundles, certificate requests, and the technician and
 * HQ command line ({@code wk-edge provision …}, {@code wk-edge license …}). Filled by the license and
 * provisioning work; the agent and HQ already depend on it so the module graph is final.
 */
package com.wkpos.edge.provisioning;
