<#-- Shared helpers: floor shifts and the dot-product kernels (additions and subtractions only, no multiply). -->
<#-- buildLane: the table rows of lane (or word) v, in a block of its own. -->
<#macro buildLane d v>
        {
            const ${d.laneType} a = x0[${v}];
            const ${d.laneType} b = x1[${v}];
            const ${d.laneType} c = x2[${v}];
            const ${d.laneType} d = x3[${v}];
            const ${d.laneType} ab = (${d.laneType})(a + b);
            const ${d.laneType} cd = (${d.laneType})(c + d);
            table[${d.rows[3]} + ${v}] = ab;
            table[${d.rows[5]} + ${v}] = (${d.laneType})(a + c);
            table[${d.rows[6]} + ${v}] = (${d.laneType})(b + c);
            table[${d.rows[7]} + ${v}] = (${d.laneType})(ab + c);
            table[${d.rows[9]} + ${v}] = (${d.laneType})(a + d);
            table[${d.rows[10]} + ${v}] = (${d.laneType})(b + d);
            table[${d.rows[11]} + ${v}] = (${d.laneType})(ab + d);
            table[${d.rows[12]} + ${v}] = cd;
            table[${d.rows[13]} + ${v}] = (${d.laneType})(a + cd);
            table[${d.rows[14]} + ${v}] = (${d.laneType})(b + cd);
            table[${d.rows[15]} + ${v}] = (${d.laneType})(ab + cd);
        }
</#macro>
<#macro emit k>
<#list k.asr as f>

/* floor(value / 2^shift), well defined for negative values (>> of a negative number is implementation-defined). */
static ${f.type} ${f.function}(${f.type} value, unsigned int shift)
{
    return value < 0 ? ~(~value >> shift) : value >> shift;
}
</#list>
<#list k.shl as f>

/* value * 2^shift without shifting a negative number (undefined in C): shift the magnitude, restore the sign. */
static ${f.type} ${f.function}(${f.type} value, unsigned int shift)
{
    return value < 0 ? -((-value) << shift) : value << shift;
}
</#list>
<#list k.addsub as d>

/* sum over i < n of (bit i of row ? +x[i] : -x[i]); bit i is bit i % 32 of row[i / 32], LSB first. */
static ${d.accumulatorType} ${d.function}(const ${d.inputType} *x, const uint32_t *row, ${m.prefix}_index n)
{
    ${d.accumulatorType} acc = 0;
    for (; n >= 32u; n -= 32u, x += 32, row++) {
        uint32_t bits = ${m.flash.wordRead}(row, 0u);
        unsigned int b;
        for (b = 0u; b < 32u; b++, bits >>= 1) {
            if (bits & 1u) {
                acc += x[b];
            } else {
                acc -= x[b];
            }
        }
    }
    if (n > 0u) {
        uint32_t bits = ${m.flash.wordRead}(row, 0u);
        ${m.prefix}_index b;
        for (b = 0u; b < n; b++, bits >>= 1) {
            if (bits & 1u) {
                acc += x[b];
            } else {
                acc -= x[b];
            }
        }
    }
    return acc;
}
</#list>
<#list k.lutBuild as d>

/*
 * For each group of four inputs, the 16 sums (bit0 ? x0 : -x0) + ... + (bit3 ? x3 : -x3), indexed by the 4-bit sign
 * pattern. Built from -(x0+x1+x2+x3) by adding 2*x_j (as x_j + x_j) for each set bit: 15 additions per group.
 * Inputs past n count as 0 (their weight bits are padding, always 0).
 */
static void ${d.function}(const ${d.inputType} *x, ${m.prefix}_index n, ${d.tableType} *tables)
{
    ${m.prefix}_index i = 0u;
    for (;;) {
        int32_t x0, x1, x2, x3, d0, d1, d2, d3, t0, t1, t2, t3, t4, t5, t6, t7;
        if (i >= n) {
            return;
        }
        if (n - i >= 4u) {
            x0 = x[i];
            x1 = x[i + 1u];
            x2 = x[i + 2u];
            x3 = x[i + 3u];
        } else {
            x0 = x[i];
            x1 = i + 1u < n ? (int32_t)x[i + 1u] : 0;
            x2 = i + 2u < n ? (int32_t)x[i + 2u] : 0;
            x3 = 0;
        }
        d0 = x0 + x0;
        d1 = x1 + x1;
        d2 = x2 + x2;
        d3 = x3 + x3;
        t0 = -(x0 + x1 + x2 + x3);
        t1 = t0 + d0;
        t2 = t0 + d1;
        t3 = t2 + d0;
        t4 = t0 + d2;
        t5 = t1 + d2;
        t6 = t2 + d2;
        t7 = t3 + d2;
        tables[0] = (${d.tableType})t0;
        tables[1] = (${d.tableType})t1;
        tables[2] = (${d.tableType})t2;
        tables[3] = (${d.tableType})t3;
        tables[4] = (${d.tableType})t4;
        tables[5] = (${d.tableType})t5;
        tables[6] = (${d.tableType})t6;
        tables[7] = (${d.tableType})t7;
        tables[8] = (${d.tableType})(t0 + d3);
        tables[9] = (${d.tableType})(t1 + d3);
        tables[10] = (${d.tableType})(t2 + d3);
        tables[11] = (${d.tableType})(t3 + d3);
        tables[12] = (${d.tableType})(t4 + d3);
        tables[13] = (${d.tableType})(t5 + d3);
        tables[14] = (${d.tableType})(t6 + d3);
        tables[15] = (${d.tableType})(t7 + d3);
        tables += 16;
        i += 4u;
    }
}
</#list>
<#list k.lutDot as d>

/* The dot product of a packed weight row with the inputs the tables were built from: one lookup per 4 weights. */
static ${d.accumulatorType} ${d.function}(const ${d.tableType} *tables, const uint32_t *row, ${m.prefix}_index n)
{
    ${d.accumulatorType} acc = 0;
    ${m.prefix}_index groups = (n + 3u) >> 2;
    for (; groups >= 8u; groups -= 8u, tables += 128, row++) {
        const uint32_t bits = ${m.flash.wordRead}(row, 0u);
        acc += tables[bits & 15u];
        acc += tables[16u + ((bits >> 4) & 15u)];
        acc += tables[32u + ((bits >> 8) & 15u)];
        acc += tables[48u + ((bits >> 12) & 15u)];
        acc += tables[64u + ((bits >> 16) & 15u)];
        acc += tables[80u + ((bits >> 20) & 15u)];
        acc += tables[96u + ((bits >> 24) & 15u)];
        acc += tables[112u + (bits >> 28)];
    }
    if (groups > 0u) {
        /* the last word's groups, unrolled; its unused nibbles are padding (0) and are not read */
        const uint32_t bits = ${m.flash.wordRead}(row, 0u);
        switch (groups) {
        case 7u:
            acc += tables[96u + ((bits >> 24) & 15u)];
            /* fall through */
        case 6u:
            acc += tables[80u + ((bits >> 20) & 15u)];
            /* fall through */
        case 5u:
            acc += tables[64u + ((bits >> 16) & 15u)];
            /* fall through */
        case 4u:
            acc += tables[48u + ((bits >> 12) & 15u)];
            /* fall through */
        case 3u:
            acc += tables[32u + ((bits >> 8) & 15u)];
            /* fall through */
        case 2u:
            acc += tables[16u + ((bits >> 4) & 15u)];
            /* fall through */
        default:
            acc += tables[bits & 15u];
        }
    }
    return acc;
}
</#list>
<#list k.laneBuild as d>

/*
 * lut4v table build: row p of the table gets, lane by lane, the sum of the input runs x_j whose bit j is set in p, for
 * the 11 patterns p with two or more bits set (row 0 is zero, rows 1, 2, 4 and 8 are the runs themselves and are read
 * in place). 11 additions per lane; the fixed lane count lets compilers use SIMD adds.
 */
static void ${d.function}(${d.laneType} *restrict table, const ${d.laneType} *restrict x0, const ${d.laneType} *restrict x1,
    const ${d.laneType} *restrict x2, const ${d.laneType} *restrict x3)
{
    ${m.prefix}_index v;
<#if d.pairs>
    /* two words per iteration (the word count is even): half the loop overhead of a loop gcc does not unroll */
    for (v = 0u; v < ${d.lanes}; v += 2u) {
        <@buildLane d=d v="v"/>
        <@buildLane d=d v="v + 1u"/>
    }
<#else>
    for (v = 0u; v < ${d.lanes}; v++) {
        <@buildLane d=d v="v"/>
    }
</#if>
}
</#list>
<#list k.laneAdd as d>

/*
 * lut4v row add: sums += row, lane by lane (no lane can wrap: the lowering sized the lane type for the fan-in).
<#if d.unrolled??>
 * Written out lane by lane so that compilers vectorize it without loop overhead.
</#if>
 */
static inline void ${d.function}(${d.laneType} *restrict sums, const ${d.laneType} *restrict row)
{
<#if d.unrolled??>
<#list d.unrolled as v>
    sums[${v}] = (${d.laneType})(sums[${v}] + row[${v}]);
</#list>
<#else>
    ${m.prefix}_index v;
    for (v = 0u; v < ${d.lanes}; v++) {
        sums[v] = (${d.laneType})(sums[v] + row[v]);
    }
</#if>
}
</#list>
<#list k.swar as d>

/*
 * lut4swar lanes: 16-bit lanes packed into ${d.wordType} words, lane i in bits 16 * (i & ${d.laneMask}) .. of word
 * i >> ${d.wordShift}. No packed lane ever exceeds 0xFFFF (the lowering proves it from the fan-in and input range), so
 * adding two words never carries from one lane into the next.
 */
/* Appends a lane (at most 0xFFFF) to a row being packed: lanes fill *pending from bit 0 up; a full word goes to *cursor. */
static void ${d.putFunction}(${d.wordType} **cursor, ${d.wordType} *pending, unsigned int *fill, uint32_t value)
{
    *pending |= (${d.wordType})value << *fill;
    *fill += 16u;
    if (*fill == ${d.wordBits}u) {
        *(*cursor)++ = *pending;
        *pending = 0u;
        *fill = 0u;
    }
}

/* The input run starting at lane p: word p >> ${d.wordShift} of the plane copy shifted by p & ${d.laneMask} lanes. */
static const ${d.wordType} *${d.runFunction}(const ${d.wordType} *const *copies, ${m.prefix}_index p)
{
    return copies[p & ${d.laneMask}] + (p >> ${d.wordShift});
}
</#list>
<#list k.swarSpill as d>

/*
 * lut4swar spill: the ${d.words} packed words of a band's accumulator rows <#if d.add>added into<#else>unpacked into</#if> the
 * plain lanes, and cleared, so the packed lanes start again from 0.
 */
static void ${d.function}(${d.laneType} *restrict lanes, ${d.wordType} *restrict words)
{
    ${m.prefix}_index v;
    for (v = 0u; v < ${d.words}; v++, lanes += ${d.lanesPerWord}) {
        const ${d.wordType} w = words[v];
        words[v] = 0u;
<#list d.shifts as shift>
        lanes[${shift?index}] = (${d.laneType})(<#if d.add>lanes[${shift?index}] + </#if><#if shift == "0">(w & 0xFFFFu)<#else>((w >> ${shift}) & 0xFFFFu)</#if>);
</#list>
    }
}
</#list>
</#macro>
