package org.nodulescope.cli;

import org.nodulescope.io.BuildInfo;
import picocli.CommandLine;

/** {@code --version}: the build's version, commit and time, its engine, and the Java running it. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        Runtime.Version java = Runtime.version();
        return new String[] {build.summary(),
            "Engine: " + build.engine(),
            "Java " + java + " (" + System.getProperty("java.vendor", "unknown vendor") + ") on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
