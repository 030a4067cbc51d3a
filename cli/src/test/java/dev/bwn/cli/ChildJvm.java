package dev.bwn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bwn} in a fresh JVM on the test classpath: for kills at crash points and for other working folders. */
final class ChildJvm {
    record Result(int code, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    static Result bwn(Path workingDir, List<String> systemProperties, String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(classpath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("bwn-child", ".out");
        Path err = Files.createTempFile("bwn-child", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("bwn " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
