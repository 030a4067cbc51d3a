<#import "../../includes/provenance.ftl" as p>
# Bare-metal Cortex-M build of ${m.prefix}: arm-none-eabi-gcc with newlib's semihosting (rdimon) C library.
<@p.provenance linePrefix="# " template="c/cortex-m/Makefile.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
#
#   make                          ${m.prefix}-cortex-m3.elf for a Cortex-M3 (CPU=cortex-m0, cortex-m4, ... for others)
#   make qemu                     builds and runs it in qemu-system-arm on the mps2-an385 board (MACHINE=...)
#   make qemu CPU=cortex-m4 MACHINE=mps2-an386      the same on a Cortex-M4
#   make size                     flash (text + data) and RAM (data + bss) of the image
# On a board: set FLASH and RAM in the MEMORY block of cortex_m.ld, build, and load the .elf with your debugger
# (enable semihosting in it, e.g. OpenOCD's "arm semihosting enable", to see the output).

CC = arm-none-eabi-gcc
SIZE = arm-none-eabi-size
CPU ?= cortex-m3
MACHINE ?= mps2-an385
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -pedantic
ARCHFLAGS = -mcpu=$(CPU) -mthumb
IMAGE = ${m.prefix}-$(CPU).elf
QEMU_SEMIHOSTING = -semihosting-config enable=on,target=native
<#if m.singleHeader>
SOURCES = main.c startup.c
DEPENDS = main.c startup.c cortex_m.ld ../${m.headerFile} ../${m.prefix}_vectors.h
<#else>
SOURCES = main.c startup.c ../${m.sourceFile}
DEPENDS = main.c startup.c cortex_m.ld ../${m.sourceFile} ../${m.headerFile} ../${m.prefix}_vectors.h
</#if>

all: $(IMAGE)

$(IMAGE): $(DEPENDS)
	$(CC) $(ARCHFLAGS) $(CFLAGS) -I.. --specs=rdimon.specs -T cortex_m.ld -o $@ $(SOURCES)

qemu: $(IMAGE)
	qemu-system-arm -M $(MACHINE) -nographic -monitor none -serial none $(QEMU_SEMIHOSTING) -kernel $(IMAGE)

size: $(IMAGE)
	$(SIZE) $(IMAGE)

clean:
	rm -f ${m.prefix}-*.elf

.PHONY: all qemu size clean
