<#-- A flatten: its tensor is its input's memory in the same order (the arena plan aliases them). -->
<#macro emit s>
/* flatten: the next layer reads the same memory in the same order; nothing to compute. */
</#macro>
<#macro call s>
#ifdef ${m.macroPrefix}_DEBUG
    for (k = 0u; k < ${s.output.elements}; k++) {
        ${m.macroPrefix}_TAP(${s.layerIndex}, k, (${s.output.expression})[k]);
    }
#endif
</#macro>
