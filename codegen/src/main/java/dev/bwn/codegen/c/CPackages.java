package dev.bwn.codegen.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.TemplateEngine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build-system packages of a generated C folder ({@link CPackage}). Metadata holds only names bwn derived from
 * the C prefix (never free text from the model), so no metadata format needs escaping. Arduino and PlatformIO compile
 * only {@code src/}: it holds the same NAME.h, NAME.c and NAME_vectors.h as the folder's top.
 */
public final class CPackages {
    /** The version written into every package's metadata: the generated library's own, bumped by regenerating. */
    public static final String LIBRARY_VERSION = "1.0.0";
    static final String SOURCE_FOLDER = "src";
    static final String EXAMPLES_FOLDER = "examples";

    private CPackages() {
    }

    /**
     * What the package templates print.
     *
     * @param name          library, target and module name: the C prefix
     * @param version       semantic version of the library
     * @param kconfigSymbol Zephyr's enable symbol (without {@code CONFIG_})
     * @param sketch        the Arduino example sketch's name (its folder and {@code .ino} file)
     * @param sources       the files a package compiles or ships, relative to the folder's top
     */
    public record Library(String name, String version, String kconfigSymbol, String sketch, List<String> sources) {
    }

    static Library library(CModel m) {
        return new Library(m.prefix(), LIBRARY_VERSION, "BWN_" + m.macroPrefix(), m.prefix() + "_classify",
                List.of(m.headerFile(), m.sourceFile(), CTestVectors.fileName(m)));
    }

    /** The files {@code packages} add, by path in the folder; {@code files} holds the folder's plain files. */
    static Map<String, String> files(CModel m, Set<CPackage> packages, Map<String, String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m.singleHeader() && packages.stream().anyMatch(CPackage::needsSourceFile)) {
            throw new GenerationException("--package " + packages.stream().filter(CPackage::needsSourceFile).findFirst()
                    .orElseThrow().label() + " builds NAME.c as a library source: it cannot be used with --single-header");
        }
        Library library = library(m);
        Map<String, Object> data = Map.of("m", m, "lib", library);
        if (packages.contains(CPackage.CMAKE)) {
            out.put("CMakeLists.txt", TemplateEngine.render("c/packages/CMakeLists.txt.ftl", data));
        }
        if (packages.contains(CPackage.ZEPHYR)) {
            out.put("zephyr/module.yml", TemplateEngine.render("c/packages/module.yml.ftl", data));
            out.put("zephyr/CMakeLists.txt", TemplateEngine.render("c/packages/zephyr_CMakeLists.txt.ftl", data));
            out.put("zephyr/Kconfig", TemplateEngine.render("c/packages/Kconfig.ftl", data));
        }
        if (packages.contains(CPackage.ARDUINO) || packages.contains(CPackage.PLATFORMIO)) {
            for (String source : library.sources()) {
                out.put(SOURCE_FOLDER + "/" + source, files.get(source));
            }
            out.put(EXAMPLES_FOLDER + "/" + library.sketch() + "/" + library.sketch() + ".ino",
                    TemplateEngine.render("c/packages/classify.ino.ftl", data));
        }
        if (packages.contains(CPackage.ARDUINO)) {
            out.put("library.properties", TemplateEngine.render("c/packages/library.properties.ftl", data));
        }
        if (packages.contains(CPackage.PLATFORMIO)) {
            out.put("library.json", TemplateEngine.render("c/packages/library.json.ftl", data));
        }
        return out;
    }
}
