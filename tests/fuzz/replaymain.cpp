// A main() for the fuzz targets in builds without libFuzzer (GCC, the normal
// build): runs LLVMFuzzerTestOneInput once over every file named on the command
// line or found (recursively, in name order) in a directory named there. That
// is how the seed corpus and every saved crash run as a ctest. Exit status 0
// unless a path cannot be read (a crash ends the process, as in libFuzzer).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool runFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return false;
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A copy of exactly `size` bytes, so ASan sees a read past the end.
    std::vector<uint8_t> input(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    int files = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg(argv[i]);
        std::error_code ec;
        if (std::filesystem::is_directory(arg, ec)) {
            std::vector<std::filesystem::path> paths;
            for (const auto &e : std::filesystem::recursive_directory_iterator(arg, ec))
                if (e.is_regular_file())
                    paths.push_back(e.path());
            std::sort(paths.begin(), paths.end());
            for (const auto &p : paths) {
                ok = runFile(p) && ok;
                ++files;
            }
        } else {
            ok = runFile(arg) && ok;
            ++files;
        }
    }
    std::printf("%d inputs replayed without a crash\n", files);
    return ok && files > 0 ? 0 : 1;
}
