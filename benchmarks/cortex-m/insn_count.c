/*
 * insn_count.c -- a QEMU TCG plugin that counts the guest instructions executed, exactly: every instruction gets an
 * inline 64-bit add when it is translated, so an instruction counts once each time it executes, including those of a
 * block left early. At exit it writes the count to the file given as outfile=PATH (QEMU's log needs -d plugin).
 *
 * Debian's qemu-system-arm (7.2) is built with plugin support but ships neither QEMU's example plugins (libinsn.so)
 * nor qemu-plugin.h, so this file declares the few functions of the plugin C ABI it calls, as QEMU 7.2's
 * include/qemu/qemu-plugin.h defines them (API version 1).
 * Build: gcc -shared -fPIC -O2 -o insn_count.so insn_count.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op, void *ptr,
                                                uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t executed;
static char outfile[4096];

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t i, n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (i = 0; i < n; i++) {
        qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i), QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &executed, 1);
    }
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    FILE *out = fopen(outfile, "w");
    (void)id;
    (void)userdata;
    if (out != NULL) {
        fprintf(out, "%llu\n", (unsigned long long)executed);
        fclose(out);
    }
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    (void)info;
    if (argc != 1 || strncmp(argv[0], "outfile=", 8) != 0 || strlen(argv[0] + 8) >= sizeof outfile) {
        fprintf(stderr, "insn_count: expected one argument outfile=PATH\n");
        return -1;
    }
    strcpy(outfile, argv[0] + 8);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
