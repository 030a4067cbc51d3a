<#assign file = m.headerFile template = "c/model.h.ftl">
<#include "banner.ftl">
#ifndef ${m.macroPrefix}_H
#define ${m.macroPrefix}_H

<#include "api.ftl">

#endif /* ${m.macroPrefix}_H */
