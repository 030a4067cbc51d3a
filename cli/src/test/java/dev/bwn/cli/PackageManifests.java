package dev.bwn.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validators for the package metadata {@code bwn gen c --package} writes, for the tools that cannot be installed here
 * (west/Zephyr, the Arduino IDE or arduino-cli, PlatformIO). Each returns the problems found, empty when the file
 * follows its documented format; each rule cites its source.
 */
final class PackageManifests {
    private PackageManifests() {
    }

    // Zephyr: METADATA_SCHEMA (a pykwalify schema) in zephyrproject-rtos/zephyr scripts/zephyr_module.py, and its
    // process_cmake/process_kconfig, which require the "cmake" folder to hold a CMakeLists.txt and "kconfig" to be a file.
    private static final Set<String> ZEPHYR_TOP = Set.of("name", "build", "tests", "samples", "boards", "blobs");
    private static final Set<String> ZEPHYR_BUILD_STRINGS = Set.of("cmake", "kconfig", "sysbuild-cmake", "sysbuild-kconfig");
    private static final Set<String> ZEPHYR_BUILD_BOOLEANS = Set.of("cmake-ext", "kconfig-ext", "sysbuild-cmake-ext",
            "sysbuild-kconfig-ext");
    private static final Set<String> ZEPHYR_SETTINGS = Set.of("board_root", "dts_root", "soc_root", "arch_root",
            "module_ext_root", "sca_root");

    /** Problems of {@code root/zephyr/module.yml} against zephyr_module.py's schema and checks. */
    static List<String> zephyrModule(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Object doc = yaml(root.resolve("zephyr/module.yml"));
        if (!(doc instanceof Map<?, ?> top)) {
            return List.of("module.yml: top level is not a map");
        }
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!ZEPHYR_TOP.contains(key)) {
                problems.add("module.yml: key " + key + " is not in the schema");
            } else if (key.equals("name") && !(e.getValue() instanceof String)) {
                problems.add("module.yml: name is not a str");
            } else if (List.of("tests", "samples", "boards").contains(key) && !isListOfStrings(e.getValue())) {
                problems.add("module.yml: " + key + " is not a seq of str");
            }
        }
        Object build = top.get("build");
        if (build != null && !(build instanceof Map)) {
            problems.add("module.yml: build is not a map");
        } else if (build instanceof Map<?, ?> b) {
            for (Map.Entry<?, ?> e : b.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                boolean ok = ZEPHYR_BUILD_STRINGS.contains(key) ? value instanceof String
                        : ZEPHYR_BUILD_BOOLEANS.contains(key) ? value instanceof Boolean
                        : key.equals("depends") ? isListOfStrings(value)
                        : key.equals("settings") && value instanceof Map<?, ?> s
                                && s.keySet().stream().allMatch(ZEPHYR_SETTINGS::contains)
                                && s.values().stream().allMatch(String.class::isInstance);
                if (!ok) {
                    problems.add("module.yml: build." + key + " is not in the schema or has the wrong type");
                }
            }
            if (b.get("cmake") instanceof String cmake && !Files.isRegularFile(root.resolve(cmake).resolve("CMakeLists.txt"))) {
                problems.add("module.yml: build.cmake folder " + cmake + " has no CMakeLists.txt");
            }
            if (b.get("kconfig") instanceof String kconfig && !Files.isRegularFile(root.resolve(kconfig))) {
                problems.add("module.yml: build.kconfig " + kconfig + " is not a file");
            }
        }
        return problems;
    }

    // Arduino: the Arduino library specification, 1.5 format rev. 2.2 ("Library metadata": required fields, the
    // category list, the src/ layout, examples/<name>/<name>.ino), with the name and version rules of arduino-lint's
    // arduino-library-properties schemas (arduino/arduino-lint etc/schemas).
    private static final List<String> ARDUINO_REQUIRED = List.of("name", "version", "author", "maintainer", "sentence",
            "paragraph", "category", "url", "architectures");
    private static final Set<String> ARDUINO_CATEGORIES = Set.of("Display", "Communication", "Signal Input/Output",
            "Sensors", "Device Control", "Timing", "Data Storage", "Data Processing", "Other");
    private static final Pattern ARDUINO_NAME =
            Pattern.compile("(([a-zA-Z][a-zA-Z0-9 _.\\-]*)|([0-9][a-zA-Z0-9 _.\\-]*[a-zA-Z][a-zA-Z0-9 _.\\-]*))*");
    private static final Pattern SEMVER_LENIENT = Pattern.compile("\\d+(\\.\\d+){0,2}(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    /** Problems of an Arduino library folder: library.properties, src/ and the example sketches. */
    static List<String> arduinoLibrary(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve("library.properties"))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 1) {
                problems.add("library.properties: not key=value: " + t);
                continue;
            }
            if (props.put(t.substring(0, eq), t.substring(eq + 1)) != null) {
                problems.add("library.properties: " + t.substring(0, eq) + " given twice");
            }
        }
        for (String field : ARDUINO_REQUIRED) {
            if (props.getOrDefault(field, "").isBlank()) {
                problems.add("library.properties: required field " + field + " is missing or empty");
            }
        }
        String name = props.getOrDefault("name", "");
        if (name.length() > 63 || !ARDUINO_NAME.matcher(name).matches() || name.toLowerCase().startsWith("arduino")) {
            problems.add("library.properties: name \"" + name + "\" is not a valid library name");
        }
        if (!SEMVER_LENIENT.matcher(props.getOrDefault("version", "")).matches()) {
            problems.add("library.properties: version \"" + props.get("version") + "\" is not semver");
        }
        if (props.containsKey("category") && !ARDUINO_CATEGORIES.contains(props.get("category"))) {
            problems.add("library.properties: category \"" + props.get("category") + "\" is not one of " + ARDUINO_CATEGORIES);
        }
        if (!Files.isDirectory(root.resolve("src"))) {
            problems.add("no src/ folder (the 1.5 format's recursive layout)");
        }
        for (String include : props.getOrDefault("includes", "").split(",")) {
            if (!include.isBlank() && !Files.isRegularFile(root.resolve("src").resolve(include.strip()))) {
                problems.add("library.properties: includes names " + include.strip() + ", which is not in src/");
            }
        }
        if (Files.isDirectory(root.resolve("examples"))) {
            try (var sketches = Files.list(root.resolve("examples"))) {
                for (Path sketch : sketches.toList()) {
                    if (!Files.isRegularFile(sketch.resolve(sketch.getFileName() + ".ino"))) {
                        problems.add("examples/" + sketch.getFileName() + " has no " + sketch.getFileName() + ".ino");
                    }
                }
            }
        }
        return problems;
    }

    // PlatformIO: ManifestSchema in platformio/platformio-core platformio/package/manifest/schema.py (name, version,
    // keywords, platforms, frameworks, authors, examples), and the "build" field of the library.json reference
    // (srcDir and includeDir are folders of the library).
    private static final Pattern PIO_NAME = Pattern.compile("[^:;/,@<>]{1,100}");
    private static final Pattern PIO_KEYWORD = Pattern.compile("[a-z\\d\\-+. ]{1,50}");
    private static final Pattern PIO_PLATFORM = Pattern.compile("([a-z\\d\\-_]+|\\*)");
    private static final Pattern PIO_EXAMPLE_NAME = Pattern.compile("[a-zA-Z\\d\\-_/]{1,100}");

    /** Problems of {@code root/library.json}. */
    static List<String> platformioLibrary(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Object doc = yaml(root.resolve("library.json"));
        if (!(doc instanceof Map<?, ?> m)) {
            return List.of("library.json: not a JSON object");
        }
        if (!(m.get("name") instanceof String name) || !PIO_NAME.matcher(name).matches()) {
            problems.add("library.json: name is missing or has one of [:;/,@<>]");
        }
        if (!(m.get("version") instanceof String version) || !version.contains(".") || version.length() > 50
                || !SEMVER_LENIENT.matcher(version).matches()) {
            problems.add("library.json: version is missing or not semantic versioning");
        }
        if (m.get("description") != null && !(m.get("description") instanceof String d && !d.isEmpty() && d.length() <= 1000)) {
            problems.add("library.json: description must be 1 to 1000 characters");
        }
        for (String listField : List.of("keywords", "platforms", "frameworks")) {
            Object value = m.get(listField);
            Pattern pattern = listField.equals("keywords") ? PIO_KEYWORD : PIO_PLATFORM;
            List<?> items = value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
            for (Object item : items) {
                if (!(item instanceof String s) || !pattern.matcher(s).matches()) {
                    problems.add("library.json: " + listField + " item \"" + item + "\" does not match " + pattern);
                }
            }
        }
        if (m.get("authors") instanceof List<?> authors) {
            for (Object a : authors) {
                if (!(a instanceof Map<?, ?> author) || !(author.get("name") instanceof String n) || n.isEmpty() || n.length() > 50) {
                    problems.add("library.json: an author needs a name of 1 to 50 characters");
                }
            }
        }
        if (m.get("examples") instanceof List<?> examples) {
            for (Object e : examples) {
                if (!(e instanceof Map<?, ?> ex) || !(ex.get("name") instanceof String n) || !PIO_EXAMPLE_NAME.matcher(n).matches()
                        || !(ex.get("base") instanceof String base) || !(ex.get("files") instanceof List<?> files)) {
                    problems.add("library.json: an example needs name, base and files");
                    continue;
                }
                for (Object f : files) {
                    if (!Files.isRegularFile(root.resolve(base).resolve(String.valueOf(f)))) {
                        problems.add("library.json: example file " + base + "/" + f + " does not exist");
                    }
                }
            }
        }
        if (m.get("build") instanceof Map<?, ?> build) {
            for (String folder : List.of("srcDir", "includeDir")) {
                if (build.get(folder) instanceof String f && !Files.isDirectory(root.resolve(f))) {
                    problems.add("library.json: build." + folder + " " + f + " is not a folder");
                }
            }
        }
        return problems;
    }

    private static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    private static boolean isListOfStrings(Object value) {
        return value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
    }
}
