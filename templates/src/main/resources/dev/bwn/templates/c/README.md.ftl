<#import "../includes/provenance.ftl" as p>
<#assign P = m.macroPrefix>
# ${m.prefix}: generated C for a binary-weight network

<@p.provenance linePrefix="    " template="c/README.md.ftl" generator=m.generator model=m.modelName facts=m.provenance/>

`${m.prefix}_infer(input, logits)` (in `${m.headerFile}`) classifies one input of ${m.inputShape} values
(`${m.inputType}`, CHW order) with integer arithmetic only, bit-exact with bwn's Java reference: no malloc, no
floating point, ${m.memory.arenaBytes} bytes of scratch RAM, ${m.memory.packedWeightBytes} bytes of packed weights.

## Check it and classify your own input

    make run                  # builds ${m.prefix}_example and checks the test vectors of ${m.prefix}_vectors.h bit for bit
    make run INPUT=digit.pgm  # classifies one input
    make run VECTORS=DIR      # the vectors of a folder (bwn's docs/SEMANTICS.md, "Test vectors"), e.g. one kept by `bwn verify --work`

`make run` exits non-zero when any vector differs from the reference. `INPUT` is a binary PGM (`P5`, its name ending
in `.pgm`) of the input's width and height (${m.inputShape}) when the model takes one channel, or a file of raw values
in CHW order: one byte per value (two, little-endian, when the input type is 16-bit). Every value must lie in the
input type's range (`${P}_INPUT_MIN`..`${P}_INPUT_MAX` in `${m.prefix}_vectors.h`); pixels are used as they are, not
scaled: give the values the dataset stores. The program prints the class and the logits.

## What is here

| file | what it is for |
|---|---|
| `${m.headerFile}`<#if !m.singleHeader>, `${m.sourceFile}`</#if> | the model: add them to your firmware |
| `${m.prefix}_vectors.h` | test inputs with the reference's logits and classes, and `${m.prefix}_test_vector()` to check one on the target |
| `${m.exampleFile}`, `Makefile` | the host example (`make run`) |
| `cortex-m/` | a bare-metal Cortex-M project: `make -C cortex-m qemu` runs the test vectors in QEMU (mps2-an385); on a board, set its memory map in `cortex-m/cortex_m.ld` |
<#if packages.cmake>
| `CMakeLists.txt` | CMake library target `${lib.name}`: `add_subdirectory(this folder)` and `target_link_libraries(app PRIVATE ${lib.name})`, or install it and `find_package(${lib.name} CONFIG)` |
</#if>
<#if packages.zephyr>
| `zephyr/` | Zephyr module: add this folder to `ZEPHYR_EXTRA_MODULES` and set `CONFIG_${lib.kconfigSymbol}=y` |
</#if>
<#if packages.arduino>
| `library.properties`, `src/`, `examples/` | Arduino library: copy this folder into your sketchbook's `libraries/`; the example `${lib.sketch}` prints the class of each test input over Serial |
</#if>
<#if packages.platformio>
| `library.json`, `src/`, `examples/` | PlatformIO library: put this folder in your project's `lib/` |
</#if>
<#if packages.arduino || packages.platformio>

`src/` holds the same `${m.headerFile}`, `${m.sourceFile}` and `${m.prefix}_vectors.h` as the top of this folder:
Arduino and PlatformIO compile only `src/`.
</#if>

This folder is written by `bwn gen c` and replaced whole when it runs again: keep your own files elsewhere.
