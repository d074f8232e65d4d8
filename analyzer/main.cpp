// Placeholder so that the CMake build links in the guard branch; the checker engineer owns
// the real tenant-guard CLI.
int main() { return 0; }
