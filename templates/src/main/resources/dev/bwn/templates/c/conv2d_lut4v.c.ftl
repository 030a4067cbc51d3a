<#-- A conv2d layer on the lut4v kernel (codegen LanePlan): the input is copied into a padded, offset plane, then each
     band of output rows is computed at once from lookup tables whose rows are runs of lanes, one lane per output
     position. Fused with the max-pool after it, the pool takes the maximum (or, for a channel whose requantization
     decreases with the accumulator, the minimum) of the accumulators and requantizes once: the same value as
     requantizing every conv output first, because requantization is monotonic (docs/SEMANTICS.md, "Fused conv + pool"). -->
<#import "requant.c.ftl" as requant>
<#-- sign "": the window maximum of acc = 2S - X; sign "-": of -acc = X - 2S, for a channel whose requantization
     decreases with acc (the maximum output then comes from the smallest acc). -->
<#macro poolTerm l offset sign><#if sign == "-">(${l.accumulatorType})w_full[${offset}] - (${l.accumulatorType})w_sums[${offset}] - (${l.accumulatorType})w_sums[${offset}]<#else>(${l.accumulatorType})w_sums[${offset}] + (${l.accumulatorType})w_sums[${offset}] - (${l.accumulatorType})w_full[${offset}]</#if></#macro>
<#-- run: the input run starting at lane position x + offset of the plane. -->
<#macro run l offset><#if l.swar??>${l.swar.helpers.runFunction}(copies, x + ${offset})<#else>x + ${offset}</#if></#macro>
<#-- put: the statement appending one value to the plane (a function: a macro call alone on a line eats its newline). -->
<#function put l value><#if l.swar??><#return l.swar.helpers.putFunction + "(&cursor, &pending, &fill, " + value + ");"><#else><#return "*plane++ = " + value + ";"></#if></#function>
<#macro poolRow s sign>
<#assign l = s.lanes p = s.pool f = s.lanes.swar!s.lanes>
                for (px = 0u, lane = 0u; px < ${p.outWidth}; px++, lane += ${p.strideX}) {
                    const ${f.laneType} *w_sums = channel_sums + lane;
                    const ${f.laneType} *w_full = full + lane;
                    ${l.accumulatorType} best = <@poolTerm l=l offset="0" sign=sign/>;
<#if l.windowOffsets?has_content>
                    ${l.accumulatorType} candidate;
</#if>
<#list l.windowOffsets as offset>
                    candidate = <@poolTerm l=l offset=offset sign=sign/>;
                    if (candidate > best) {
                        best = candidate;
                    }
</#list>
                    out[px] = ${s.requant.function}(o, ${sign}best);
                }
</#macro>
<#macro emit s>
<@requant.weights w=s.weights/>
<@requant.function r=s.requant/>
<#assign w = s.weights c = s.conv l = s.lanes>
<#if l.offsetLines??>
/* Plane offset of every weight of the full groups of four, relative to the lane's own input position. */
static const ${l.offsetType} ${l.offsetsArray}[${l.offsetsLength}] ${m.flash.constMacro} = {
<#list l.offsetLines as line>
    ${line}
</#list>
};
</#if>
<#if l.zeroArray??>
/* The missing inputs of the last, partial group of four. */
static const ${l.laneType} ${l.zeroArray}[${l.lanes}] = {0u};
</#if>
<#if l.descending??>
/* 1 where requantization decreases with the accumulator (negative multiplier): pool the smallest accumulator. */
<@requant.constArray a=l.descending/>
</#if>

/* The input, zero padding stored, every value offset into [0, 2^bits - 1] (x - xmin), zeros after for the last band. */
static void ${l.prepareFunction}(const ${s.input.ctype} *input, ${l.laneType} *plane)
{
    ${m.prefix}_index ch, y, x;
<#if l.swar??>
    ${l.laneType} *cursor = plane;
    ${l.laneType} pending = 0u;
    unsigned int fill = 0u;
</#if>
    for (ch = 0u; ch < ${l.inChannels}; ch++) {
<#if l.padRowLanes??>
        for (x = 0u; x < ${l.padRowLanes}; x++) {
            ${put(l, l.padValue)}
        }
</#if>
        for (y = 0u; y < ${l.inHeight}; y++) {
<#if l.padX??>
            for (x = 0u; x < ${l.padX}; x++) {
                ${put(l, l.padValue)}
            }
</#if>
            for (x = 0u; x < ${l.inWidth}; x++) {
                ${put(l, l.convert)}
            }
            input += ${l.inWidth};
<#if l.padX??>
            for (x = 0u; x < ${l.padX}; x++) {
                ${put(l, l.padValue)}
            }
</#if>
        }
<#if l.padRowLanes??>
        for (x = 0u; x < ${l.padRowLanes}; x++) {
            ${put(l, l.padValue)}
        }
</#if>
    }
<#if l.slack??>
    for (x = 0u; x < ${l.slack}; x++) {
        *plane++ = 0u;
    }
</#if>
<#if l.swar??>
    if (fill != 0u) {
        *cursor++ = pending;
    }
    while (cursor != plane + ${l.swar.copyWords}) {
        *cursor++ = 0u;
    }
    /* the other copies: the plane shifted by 1, 2, ... lanes, so a run starting at any lane is whole words */
    for (x = 0u; x < ${l.swar.shiftedWords}; x++) {
<#list l.swar.shiftedCopies as c>
        plane[${c.first} + x] = (plane[x] >> ${c.right}) | (plane[x + 1u] << ${c.left});
</#list>
    }
</#if>
}

/* One group of four weights: each output channel adds the table row its weight nibble selects; the extra last
   accumulator row adds the full sum X. */
static void ${l.groupFunction}(${l.laneType} *sums, const ${l.laneType} **rows, const uint32_t *word, unsigned int shift)
{
    ${m.prefix}_index o;
    for (o = 0u; o < ${l.channels}; o++, word += ${w.wordsPerRow}, sums += ${l.lanes}) {
        ${l.addFunction}(sums, rows[(${m.flash.wordRead}(word, 0u) >> shift) & 15u]);
    }
    ${l.addFunction}(sums, rows[15]);
}

<#-- f: the accumulator rows the finish reads: lut4v's own sums, or lut4swar's sums spilled into plain lanes -->
<#assign f = l.swar!l>
static void ${s.function}(const ${s.input.ctype} *input, ${s.output.ctype} *output, ${l.laneType} *plane, ${l.laneType} *tables, ${l.laneType} *sums<#if l.swar??>, ${f.laneType} *lane_sums</#if>)
{
    const ${l.laneType} *rows[16];
<#if l.swar??>
    const ${l.laneType} *copies[${l.swar.copies?size}];
    ${m.prefix}_index x = 0u;
<#else>
    const ${l.laneType} *x = plane;
</#if>
    ${s.output.ctype} *band_output = output;
    ${m.prefix}_index band, g, o, v;
    ${l.prepareFunction}(input, plane);
<#if l.swar??>
<#list l.swar.copies as c>
    copies[${c?index}] = ${c};
</#list>
</#if>
    /* row 0 (no weight of the group is +1) is all zeros; rows 1, 2, 4 and 8 are the group's input runs themselves */
    rows[0] = tables;
    for (g = 1u; g < 16u; g++) {
        rows[g] = rows[g - 1u] + ${l.lanes};
    }
    for (v = 0u; v < ${l.lanes}; v++) {
        tables[v] = 0u;
    }
<#if l.swar??>
    /* the packed rows start at 0; each band's spill clears them for the next */
    for (v = 0u; v < ${l.sumsLanes}; v++) {
        sums[v] = 0u;
    }
</#if>
    for (band = 0u; band < ${l.bands}; band++, x += ${l.bandStep}, band_output += ${l.outputRowStep}) {
        const uint32_t *word = ${w.array};
        unsigned int shift = 0u;
        const ${f.laneType} *channel_sums = <#if l.swar??>lane_sums<#else>sums</#if>;
        const ${f.laneType} *full = channel_sums + ${f.fullSumOffset};
        ${s.output.ctype} *out = band_output;
<#if l.fullGroups??>
        const ${l.offsetType} *offset = ${l.offsetsArray};
</#if>
<#if l.swar?? && l.swar.chunkGroups??>
        ${m.prefix}_index chunk = 0u;
</#if>
<#if !l.swar??>
        for (v = 0u; v < ${l.sumsLanes}; v++) {
            sums[v] = 0u;
        }
</#if>
<#if l.swar?? && l.swar.chunkGroups??>
        for (v = 0u; v < ${f.sumsLanes}; v++) {
            lane_sums[v] = 0u;
        }
</#if>
<#if l.fullGroups??>
        for (g = 0u; g < ${l.fullGroups}; g++, offset += 4) {
            rows[1] = <@run l=l offset="${l.offsetRead}(offset, 0u)"/>;
            rows[2] = <@run l=l offset="${l.offsetRead}(offset, 1u)"/>;
            rows[4] = <@run l=l offset="${l.offsetRead}(offset, 2u)"/>;
            rows[8] = <@run l=l offset="${l.offsetRead}(offset, 3u)"/>;
            ${l.buildFunction}(tables, rows[1], rows[2], rows[4], rows[8]);
            ${l.groupFunction}(sums, rows, word, shift);
            shift += 4u;
            if (shift == 32u) {
                shift = 0u;
                word++;
            }
<#if l.swar?? && l.swar.chunkGroups??>
            /* spill before a packed lane could pass 0xFFFF */
            if (++chunk == ${l.swar.chunkGroups}) {
                chunk = 0u;
                ${l.swar.spillFunction}(lane_sums, sums);
            }
</#if>
        }
</#if>
<#if l.lastGroupSources??>
        rows[1] = ${l.lastGroupSources[0]};
        rows[2] = ${l.lastGroupSources[1]};
        rows[4] = ${l.lastGroupSources[2]};
        rows[8] = ${l.lastGroupSources[3]};
        ${l.buildFunction}(tables, rows[1], rows[2], rows[4], rows[8]);
        ${l.groupFunction}(sums, rows, word, shift);
</#if>
<#if l.swar??>
        ${l.swar.spillFunction}(lane_sums, sums);
</#if>
<#if s.fusedPool>
<#assign p = s.pool>
        for (o = 0u; o < ${l.channels}; o++, channel_sums += ${f.lanes}, out += ${l.outputChannelStride}) {
            ${m.prefix}_index px, lane;
            if (${l.descending.read}(${l.descending.name}, o) != 0u) {
<@poolRow s=s sign="-"/>
            } else {
<@poolRow s=s sign=""/>
            }
#ifdef ${m.macroPrefix}_DEBUG
            for (px = 0u, lane = 0u; px < ${p.outWidth}; px++, lane += ${p.strideX}) {
                ${m.prefix}_index wy, wx, first;
                for (wy = 0u, first = lane; wy < ${p.kernelHeight}; wy++, first += ${l.rowPitch}) {
                    for (wx = 0u; wx < ${p.kernelWidth}; wx++) {
                        const ${l.accumulatorType} acc = (${l.accumulatorType})channel_sums[first + wx] + (${l.accumulatorType})channel_sums[first + wx] - (${l.accumulatorType})full[first + wx];
                        ${m.macroPrefix}_TAP(${s.tap.layerIndex}, (o * ${c.outHeight} + band * ${p.strideY} + wy) * ${c.outWidth} + px * ${p.strideX} + wx, ${s.requant.function}(o, acc));
                    }
                }
                ${m.macroPrefix}_TAP(${p.layerIndex}, (o * ${p.outHeight} + band) * ${p.outWidth} + px, out[px]);
            }
#endif
        }
<#else>
        for (o = 0u; o < ${l.channels}; o++, channel_sums += ${f.lanes}, out += ${l.outputChannelStride}) {
            ${m.prefix}_index ox;
            for (ox = 0u; ox < ${c.outWidth}; ox++) {
                const ${l.accumulatorType} acc = (${l.accumulatorType})channel_sums[ox] + (${l.accumulatorType})channel_sums[ox] - (${l.accumulatorType})full[ox];
                out[ox] = ${s.requant.function}(o, acc);
                ${m.macroPrefix}_TAP(${s.tap.layerIndex}, (o * ${c.outHeight} + band) * ${c.outWidth} + ox, out[ox]);
            }
        }
</#if>
    }
}
</#macro>
<#macro call s>
    ${s.function}(${s.input.expression}, ${s.output.expression}, ${s.lanes.plane.expression}, ${s.tables.expression}, ${s.lanes.sums.expression}<#if s.lanes.swar??>, ${s.lanes.swar.laneSums.expression}</#if>);
</#macro>
