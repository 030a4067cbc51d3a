<#import "../../includes/provenance.ftl" as p>
# Zephyr module of ${m.prefix} (format: the METADATA_SCHEMA of zephyr's scripts/zephyr_module.py).
<@p.provenance linePrefix="# " template="c/packages/module.yml.ftl" generator=m.generator model=m.modelName facts=m.provenance/>
#
# Add this folder to ZEPHYR_EXTRA_MODULES (or to your west manifest) and set CONFIG_${lib.kconfigSymbol}=y.
name: ${lib.name}
build:
  cmake: zephyr
  kconfig: zephyr/Kconfig
