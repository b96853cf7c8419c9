package com.wkpos.edge.agent.provisioning;

/**
 * Exchanges the bundle's one-time token and the box's certificate request for a certificate at HQ.
 * Blocking; may be called from the provisioning thread only. A refusal by HQ or an unreachable HQ is an
 * {@link EnrollException}: nothing is applied, and the bundle can be tried again while its token lasts.
 */
public interface Enroller {
    /** HQ's answer: the certificate (PEM) and the CA that issued it. */
    record Certificate(String certificatePem, String caPem) {
    }

    Certificate enroll(String enrollUrl, String token, String csrPem) throws EnrollException;

    /** HQ refused or could not be reached; the message says which and why. */
    final class EnrollException extends Exception {
        public EnrollException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
