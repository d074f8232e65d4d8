// Placeholder until the checker lands.
int main() { return 0; }
