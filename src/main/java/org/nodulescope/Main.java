package org.nodulescope;

import org.nodulescope.cli.NoduleScopeCommand;

/**
 * Entry point: with no arguments the application starts (until the viewer lands, the headless
 * demo runs); with arguments the command line runs headless.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"demo"} : args;
        // Headless commands draw PNG plots with AWT and must work without a display.
        System.setProperty("java.awt.headless", "true");
        System.exit(NoduleScopeCommand.run(effective));
    }
}
