<#assign file = m.sourceFile template = "c/model.c.ftl">
<#include "banner.ftl">
#include "${m.headerFile}"

<#include "impl.ftl">
