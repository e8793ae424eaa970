package org.nodulescope.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = NoduleScopeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"NoduleScope " + (v == null ? "(development build)" : v),
            "Java " + Runtime.version()};
    }
}
