<#import "../../includes/provenance.ftl" as p>
# CMake package of ${m.prefix}: a static library target ${lib.name} (alias ${lib.name}::${lib.name}) with its headers.
<@p.provenance linePrefix="# " template="c/packages/CMakeLists.txt.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
#
# In your project:   add_subdirectory(path/to/this/folder)  then  target_link_libraries(app PRIVATE ${lib.name})
# Or install it:     cmake -S . -B build && cmake --build build && cmake --install build --prefix PREFIX
#                    then find_package(${lib.name} CONFIG REQUIRED) and link ${lib.name}::${lib.name}.
cmake_minimum_required(VERSION 3.13)
project(${lib.name} VERSION ${lib.version} LANGUAGES C)

include(GNUInstallDirs)

add_library(${lib.name} ${m.sourceFile})
add_library(${lib.name}::${lib.name} ALIAS ${lib.name})
target_include_directories(${lib.name} PUBLIC
<#noparse>
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
</#noparse>
set_target_properties(${lib.name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
    PUBLIC_HEADER "${m.headerFile};${m.prefix}_vectors.h")

install(TARGETS ${lib.name} EXPORT ${lib.name}Targets
<#noparse>
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
</#noparse>
install(EXPORT ${lib.name}Targets FILE ${lib.name}Config.cmake NAMESPACE ${lib.name}::
    DESTINATION <#noparse>${CMAKE_INSTALL_LIBDIR}</#noparse>/cmake/${lib.name})
