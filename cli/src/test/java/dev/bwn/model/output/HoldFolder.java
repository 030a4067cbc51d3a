package dev.bwn.model.output;

import java.nio.file.Path;

/** Child process for lock tests: opens a run folder, says "held", and keeps it until its stdin closes or it is killed. */
public final class HoldFolder {
    private HoldFolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunFolder folder = RunFolder.open(Path.of(args[0]), OutputKind.valueOf(args[1]))) {
            System.out.println("held " + folder.path());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test
            }
        }
    }
}
