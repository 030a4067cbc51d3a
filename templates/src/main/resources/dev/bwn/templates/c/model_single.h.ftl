<#assign file = m.headerFile template = "c/model_single.h.ftl">
<#include "banner.ftl">
/*
 * Single-header (stb-style) library: include it anywhere for the API; in exactly one C file,
 * #define ${m.macroPrefix}_IMPLEMENTATION before including it to compile the inference there.
 */
#ifndef ${m.macroPrefix}_H
#define ${m.macroPrefix}_H

<#include "api.ftl">

#endif /* ${m.macroPrefix}_H */

#ifdef ${m.macroPrefix}_IMPLEMENTATION
#ifndef ${m.macroPrefix}_IMPLEMENTATION_DONE
#define ${m.macroPrefix}_IMPLEMENTATION_DONE

<#include "impl.ftl">
#endif /* ${m.macroPrefix}_IMPLEMENTATION_DONE */
#endif /* ${m.macroPrefix}_IMPLEMENTATION */
