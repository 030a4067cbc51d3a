<#import "../includes/provenance.ftl" as p>
# Makefile for ${m.prefix}: builds and runs the example on test vectors (docs/SEMANTICS.md section 7).
<@p.provenance linePrefix="# " template="c/Makefile.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
#
#   make run VECTORS=dir     classify the vectors and print agreement
#   make check VECTORS=dir   the same with -D${m.macroPrefix}_DEBUG: every layer checked

CC ?= cc
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -pedantic
VECTORS ?= vectors
<#if m.singleHeader>
SOURCES = ${m.exampleFile}
DEPENDS = ${m.exampleFile} ${m.headerFile}
<#else>
SOURCES = ${m.exampleFile} ${m.sourceFile}
DEPENDS = ${m.exampleFile} ${m.sourceFile} ${m.headerFile}
</#if>

all: ${m.prefix}_example

${m.prefix}_example: $(DEPENDS)
	$(CC) $(CFLAGS) -o $@ $(SOURCES)

${m.prefix}_example_debug: $(DEPENDS)
	$(CC) $(CFLAGS) -D${m.macroPrefix}_DEBUG -o $@ $(SOURCES)

run: ${m.prefix}_example
	./${m.prefix}_example $(VECTORS)

check: ${m.prefix}_example_debug
	./${m.prefix}_example_debug $(VECTORS)

clean:
	rm -f ${m.prefix}_example ${m.prefix}_example_debug

.PHONY: all run check clean
