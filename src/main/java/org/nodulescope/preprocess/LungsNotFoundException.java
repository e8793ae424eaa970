package org.nodulescope.preprocess;

/** Automatic lung segmentation found nothing that looks like lungs in a scan. */
public class LungsNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public LungsNotFoundException(String message) {
        super(message);
    }
}
