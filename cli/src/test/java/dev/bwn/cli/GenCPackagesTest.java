package dev.bwn.cli;

import dev.bwn.hwtests.Processes;
import dev.bwn.hwtests.RequireTools;
import dev.bwn.model.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bwn gen c --package}, through the CLI. CMake: a consumer project links the exported target, both through
 * {@code add_subdirectory} and after {@code cmake --install} through {@code find_package}, and runs the test vectors
 * (real cmake and gcc). Zephyr, Arduino and PlatformIO cannot be installed here: their metadata is checked against the
 * documented formats ({@link PackageManifests}, whose validators are shown to reject broken files), Zephyr's sources
 * are compiled with arm-none-eabi-gcc, and the Arduino library and its sketch with avr-gcc/avr-g++ for an ATmega328P,
 * the sketch against a minimal test-side {@code Arduino.h} that declares only what the sketch uses (compiled, not
 * linked: the default-option mnist-tiny does not fit the Uno's 2 KB of SRAM).
 */
class GenCPackagesTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String NAME = "mnist_tiny";

    @Test
    void everyPackageBuildsWithItsToolchainAndItsMetadataFollowsItsFormat(@TempDir Path dir) throws Exception {
        RequireTools.require("cmake", "cc", "arm-none-eabi-gcc", "avr-gcc", "avr-g++");
        Path model = RepoRoot.find().resolve("examples").resolve("mnist-tiny.bwn.json");
        Path out = dir.resolve("lib");
        var before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "c", model.toString(), "-o", out.toString(), "--package", "cmake,zephyr", "--package", "arduino",
                "--package", "platformio,plain").assertOk();
        assertEquals(before, FolderSnapshot.outside(dir, out));
        var generated = FolderSnapshot.design(out);

        // CMake: add_subdirectory, then install + find_package; the consumer runs the vectors bit for bit.
        Path consumer = Files.createDirectories(dir.resolve("consumer"));
        Files.writeString(consumer.resolve("main.c"), """
                #include <stdio.h>
                #include "mnist_tiny.h"
                #include "mnist_tiny_vectors.h"
                int main(void)
                {
                    static uint8_t input[MNIST_TINY_INPUT_SIZE];
                    unsigned v, bad = 0;
                    for (v = 0; v < MNIST_TINY_TEST_VECTORS; v++) {
                        int predicted;
                        bad += mnist_tiny_test_vector(v, input, &predicted) ? 0u : 1u;
                    }
                    printf("consumer-done %u\\n", bad);
                    return bad != 0;
                }
                """);
        Files.writeString(consumer.resolve("CMakeLists.txt"), """
                cmake_minimum_required(VERSION 3.13)
                project(consumer C)
                if(BWN_PREFIX)
                  find_package(mnist_tiny CONFIG REQUIRED PATHS ${BWN_PREFIX} NO_DEFAULT_PATH)
                else()
                  add_subdirectory(${BWN_LIBRARY} mnist_tiny)
                endif()
                add_executable(consumer main.c)
                target_link_libraries(consumer PRIVATE mnist_tiny::mnist_tiny)
                """);
        run(dir, "cmake", "-S", consumer.toString(), "-B", dir.resolve("build-sub").toString(), "-DBWN_LIBRARY=" + out);
        run(dir, "cmake", "--build", dir.resolve("build-sub").toString());
        assertTrue(run(dir, dir.resolve("build-sub/consumer").toString()).output().contains("consumer-done 0"));
        run(dir, "cmake", "-S", out.toString(), "-B", dir.resolve("build-lib").toString());
        run(dir, "cmake", "--build", dir.resolve("build-lib").toString());
        run(dir, "cmake", "--install", dir.resolve("build-lib").toString(), "--prefix", dir.resolve("prefix").toString());
        assertTrue(Files.isRegularFile(dir.resolve("prefix/include/" + NAME + ".h")));
        run(dir, "cmake", "-S", consumer.toString(), "-B", dir.resolve("build-installed").toString(),
                "-DBWN_PREFIX=" + dir.resolve("prefix"));
        run(dir, "cmake", "--build", dir.resolve("build-installed").toString());
        assertTrue(run(dir, dir.resolve("build-installed/consumer").toString()).output().contains("consumer-done 0"));

        // Zephyr: module.yml per zephyr_module.py; the Kconfig symbol the CMakeLists tests is the one Kconfig defines.
        assertEquals(List.of(), PackageManifests.zephyrModule(out));
        String kconfig = Files.readString(out.resolve("zephyr/Kconfig"));
        String zephyrCmake = Files.readString(out.resolve("zephyr/CMakeLists.txt"));
        assertTrue(kconfig.contains("\nconfig BWN_MNIST_TINY\n\tbool \""), kconfig);
        assertTrue(zephyrCmake.contains("if(CONFIG_BWN_MNIST_TINY)") && zephyrCmake.contains("zephyr_library_sources("), zephyrCmake);
        run(out, "arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-c", NAME + ".c", "-o", dir.resolve("zephyr.o").toString());

        // Arduino: library.properties per the specification; src/ and the sketch compile for an ATmega328P.
        assertEquals(List.of(), PackageManifests.arduinoLibrary(out));
        Path shim = Files.createDirectories(dir.resolve("arduino-shim"));
        Files.writeString(shim.resolve("Arduino.h"), """
                /* Test-side stand-in for the Arduino core: declares only what the generated sketch uses. */
                #include <stddef.h>
                #include <stdint.h>
                class HardwareSerial {
                public:
                    void begin(unsigned long baud);
                    size_t print(const char *text);
                    size_t print(int value);
                    size_t println(const char *text);
                };
                extern HardwareSerial Serial;
                """);
        List<String> avr = List.of("-mmcu=atmega328p", "-Os", "-Wall", "-Wextra", "-Werror");
        run(out, concat(List.of("avr-gcc", "-std=c99"), avr, List.of("-c", "src/" + NAME + ".c", "-o", dir.resolve("avr.o").toString())));
        run(out, concat(List.of("avr-g++", "-std=c++11", "-x", "c++"), avr, List.of("-I", shim.toString(), "-I", "src", "-c",
                "examples/" + NAME + "_classify/" + NAME + "_classify.ino", "-o", dir.resolve("sketch.o").toString())));

        // PlatformIO: library.json per platformio-core's ManifestSchema.
        assertEquals(List.of(), PackageManifests.platformioLibrary(out));
        for (String source : List.of(NAME + ".h", NAME + ".c", NAME + "_vectors.h")) {
            assertEquals(Files.readString(out.resolve(source)), Files.readString(out.resolve("src").resolve(source)), source);
        }
        assertEquals(generated, FolderSnapshot.design(out), "building the packages wrote into the generated folder");
    }

    /** The validators are not vacuous: a broken file of each kind is reported. */
    @Test
    void theMetadataValidatorsRejectBrokenFiles(@TempDir Path dir) throws Exception {
        Path model = RepoRoot.find().resolve("examples").resolve("mnist-tiny.bwn.json");
        Path out = dir.resolve("lib");
        CliRun.bwn("gen", "c", model.toString(), "-o", out.toString(), "--package", "zephyr,arduino,platformio").assertOk();
        Path module = out.resolve("zephyr/module.yml");
        Files.writeString(module, Files.readString(module).replace("  kconfig: zephyr/Kconfig", "  kconfig: zephyr/Kconfig\n  cmake-ext: maybe"));
        assertFalse(PackageManifests.zephyrModule(out).isEmpty());
        Files.writeString(module, Files.readString(module).replace("  cmake-ext: maybe", "  cmake: nowhere").replace("  cmake: zephyr\n", ""));
        assertFalse(PackageManifests.zephyrModule(out).isEmpty());
        Path props = out.resolve("library.properties");
        Files.writeString(props, Files.readString(props).replace("category=Data Processing", "category=Neural Networks"));
        assertFalse(PackageManifests.arduinoLibrary(out).isEmpty());
        Files.writeString(props, Files.readString(props).replaceAll("(?m)^url=.*\\n", "").replace("category=Neural Networks", "category=Other"));
        assertEquals(1, PackageManifests.arduinoLibrary(out).size(), PackageManifests.arduinoLibrary(out).toString());
        Path json = out.resolve("library.json");
        Files.writeString(json, Files.readString(json).replace("\"name\": \"" + NAME + "\"", "\"name\": \"a/b\""));
        assertFalse(PackageManifests.platformioLibrary(out).isEmpty());
        Files.writeString(json, Files.readString(json).replace("\"name\": \"a/b\"", "\"name\": \"" + NAME + "\"")
                .replace("\"version\": \"1.0.0\"", "\"version\": \"1\""));
        assertFalse(PackageManifests.platformioLibrary(out).isEmpty());
    }

    @Test
    void anUnknownPackageOrOneWithSingleHeaderIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path model = RepoRoot.find().resolve("examples").resolve("mnist-tiny.bwn.json");
        var before = FolderSnapshot.of(dir);
        CliRun.bwn("gen", "c", model.toString(), "-o", dir.resolve("a").toString(), "--package", "cmake,meson")
                .assertRefused("--package: unknown package \"meson\", expected one of plain, cmake, zephyr, arduino, platformio");
        CliRun.bwn("gen", "c", model.toString(), "-o", dir.resolve("b").toString(), "--package", "arduino", "--single-header")
                .assertRefused("drop --single-header");
        assertEquals(before, FolderSnapshot.of(dir));
        CliRun.bwn("gen", "c", model.toString(), "-o", dir.resolve("c").toString(), "--package", "plain", "--single-header").assertOk();
    }

    private static Processes.Result run(Path workDir, String... command) {
        return run(workDir, List.of(command));
    }

    private static Processes.Result run(Path workDir, List<String> command) {
        return Processes.run(command, workDir, TIMEOUT).orThrow();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
