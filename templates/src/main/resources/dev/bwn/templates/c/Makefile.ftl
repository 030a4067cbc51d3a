<#import "../includes/provenance.ftl" as p>
# Makefile for ${m.prefix}: builds and runs the example on test vectors (docs/SEMANTICS.md section 7).
<@p.provenance linePrefix="# " template="c/Makefile.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
#
#   make run                 check the test vectors of ${m.prefix}_vectors.h bit for bit (fails on a mismatch)
#   make run INPUT=file      classify one input: file.pgm (1-channel models) or raw bytes in CHW order
#   make run VECTORS=dir     classify the vectors of a folder (bwn verify --work) and print agreement
#   make check VECTORS=dir   the same with -D${m.macroPrefix}_DEBUG: every layer checked

CC ?= cc
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -pedantic
ifdef INPUT
RUN_ARGUMENTS = --input $(INPUT)
else
RUN_ARGUMENTS = $(VECTORS)
endif
<#if m.singleHeader>
SOURCES = ${m.exampleFile}
DEPENDS = ${m.exampleFile} ${m.headerFile} ${m.prefix}_vectors.h
<#else>
SOURCES = ${m.exampleFile} ${m.sourceFile}
DEPENDS = ${m.exampleFile} ${m.sourceFile} ${m.headerFile} ${m.prefix}_vectors.h
</#if>

all: ${m.prefix}_example

${m.prefix}_example: $(DEPENDS)
	$(CC) $(CFLAGS) -o $@ $(SOURCES)

${m.prefix}_example_debug: $(DEPENDS)
	$(CC) $(CFLAGS) -D${m.macroPrefix}_DEBUG -o $@ $(SOURCES)

run: ${m.prefix}_example
	./${m.prefix}_example $(RUN_ARGUMENTS)

check: ${m.prefix}_example_debug
	./${m.prefix}_example_debug $(VECTORS)

clean:
	rm -f ${m.prefix}_example ${m.prefix}_example_debug

.PHONY: all run check clean
