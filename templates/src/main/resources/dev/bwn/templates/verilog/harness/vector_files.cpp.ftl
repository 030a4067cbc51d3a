<#-- Shared by the Verilator testbenches: errors in their input, vector files, fields of port values. -->
[[noreturn]] void fail_input(const std::string& message) {
    std::fprintf(stderr, "bwn-testbench: %s\n", message.c_str());
    std::exit(3);
}

std::vector<uint32_t> read_hex(const std::string& path) {
    std::ifstream in(path);
    if (!in) fail_input("cannot read " + path);
    std::vector<uint32_t> values;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line.rfind("//", 0) == 0) continue;
        values.push_back(static_cast<uint32_t>(std::stoul(line, nullptr, 16)));
    }
    return values;
}

long manifest_value(const std::string& dir, const std::string& key) {
    std::ifstream in(dir + "/manifest.txt");
    if (!in) fail_input("cannot read " + dir + "/manifest.txt");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string k;
        long v;
        if (fields >> k && k == key && fields >> v) return v;
    }
    fail_input(dir + "/manifest.txt has no '" + key + "' line");
}

// Word w (32 bits) of a Verilator port value: plain integers up to 64 bits, VlWide beyond.
template <typename T> uint32_t word_of(const T& value, int w) {
    const uint64_t v = static_cast<uint64_t>(value);
    return w == 0 ? static_cast<uint32_t>(v) : w == 1 ? static_cast<uint32_t>(v >> 32) : 0u;
}
template <std::size_t N> uint32_t word_of(const VlWide<N>& value, int w) {
    return w < static_cast<int>(N) ? value[w] : 0u;
}
// Bits [low, low+bits) of a port value, bits <= 32.
template <typename T> uint32_t field(const T& bus, int low, int bits) {
    const uint64_t both = static_cast<uint64_t>(word_of(bus, low / 32)) | (static_cast<uint64_t>(word_of(bus, low / 32 + 1)) << 32);
    const uint64_t mask = bits >= 32 ? 0xffffffffull : ((1ull << bits) - 1);
    return static_cast<uint32_t>((both >> (low % 32)) & mask);
}

// An input port set from fields of `bits` bits each, field c at bits [c*bits, (c+1)*bits), bits <= 32: plain
// integers up to 64 bits, VlWide beyond.
template <typename T> void set_fields(T& port, const std::vector<uint32_t>& values, int bits) {
    uint64_t v = 0;
    for (std::size_t c = 0; c < values.size(); c++) v |= static_cast<uint64_t>(values[c]) << (c * bits);
    port = static_cast<T>(v);
}
template <std::size_t N> void set_fields(VlWide<N>& port, const std::vector<uint32_t>& values, int bits) {
    for (std::size_t w = 0; w < N; w++) port[w] = 0;
    for (std::size_t c = 0; c < values.size(); c++) {
        const std::size_t low = c * bits;
        port[low / 32] |= values[c] << (low % 32);
        if (low % 32 + bits > 32 && low / 32 + 1 < N) port[low / 32 + 1] |= values[c] >> (32 - low % 32);
    }
}

// A design's reference vectors from folder `dir` (its fields vectors, inputs, logits, classes_expected), checked
// against the design (input size, classes) and against the manifest (file lengths).
template <typename D> void read_vectors(D& d, const std::string& dir) {
    d.vectors = manifest_value(dir, "vectors");
    if (manifest_value(dir, "input_size") != d.input_size || manifest_value(dir, "classes") != d.classes) {
        fail_input(dir + ": vectors do not fit design " + d.name + " (input size or classes differ)");
    }
    d.inputs = read_hex(dir + "/inputs.hex");
    d.logits = read_hex(dir + "/logits.hex");
    d.classes_expected = read_hex(dir + "/classes.hex");
    if (static_cast<long>(d.inputs.size()) != d.vectors * d.input_size
        || static_cast<long>(d.logits.size()) != d.vectors * d.classes
        || static_cast<long>(d.classes_expected.size()) != d.vectors) {
        fail_input(dir + ": file lengths do not match the manifest");
    }
}
