<#-- The comment block at the top of NAME.h / NAME.c: provenance, layer table, memory figures. -->
<#import "../includes/provenance.ftl" as p>
/*
 * ${file} -- bit-exact integer inference of a binary-weight network, as docs/SEMANTICS.md of bwn defines it.
 *
<@p.provenance linePrefix=" * " template=template generator=m.generator model=m.modelName facts=m.provenance/>
 *
 * Requantization mode: ${m.requantMode}. Layers (input -> output, fan-in, accumulator width, dot-product kernel):
<#list m.layers as l>
 *   ${l.index} "${l.name}" ${l.kind}: ${l.inputShape} ${l.inputType} -> ${l.outputShape} ${l.outputType}<#if l.fanIn != "-">, fan-in ${l.fanIn}, accumulator ${l.accumulatorBits} bits, kernel ${l.kernel}, ${l.weightBytes} weight bytes</#if><#if l.note != "">; ${l.note}</#if>
</#list>
 *
 * Memory:
 *   packed weights (flash):            ${m.memory.packedWeightBytes} bytes (floor ceil(binary weights / 8) = ${m.memory.weightFloorBytes} bytes)
 *   requantization constants (flash):  ${m.memory.requantBytes} bytes
 *   scratch arena (RAM):               ${m.memory.arenaBytes} bytes; conv+pool fusion ${m.memory.fusionEffect()} of RAM
 */
