<#import "../../includes/provenance.ftl" as p>
# Zephyr build of ${m.prefix}: a Zephyr library with ${m.sourceFile}, its headers on the application's include path.
<@p.provenance linePrefix="# " template="c/packages/zephyr_CMakeLists.txt.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
if(CONFIG_${lib.kconfigSymbol})
  zephyr_library_named(${lib.name})
  zephyr_library_sources(<#noparse>${CMAKE_CURRENT_LIST_DIR}</#noparse>/../${m.sourceFile})
  zephyr_include_directories(<#noparse>${CMAKE_CURRENT_LIST_DIR}</#noparse>/..)
endif()
