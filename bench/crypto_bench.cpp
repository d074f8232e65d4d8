// The OpenSSL floor next to core/'s seal and open (bench/README.md): raw EVP AES-256-GCM with
// a reused context and a fresh nonce, against sealed::seal and sealed::open, at the sizes
// that bench/sealing.sql measures in SQL.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <vector>

#include "random.h"
#include "sealed_value.h"

namespace {

using namespace tenant_guard;

const uint8_t kKey[32] = {7};
const uint8_t kOrg[16] = {1, 2, 3};
constexpr std::string_view kContext = "integrations.refresh_token";

void RawEvpAesGcmEncrypt(benchmark::State& state) {
    const size_t size = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> plaintext(size, 'x'), out(size + 16);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, kKey, nullptr);
    uint8_t nonce[12], tag[16];
    int written = 0;
    for (auto _ : state) {
        fresh_nonce(nonce);
        EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce);
        EVP_EncryptUpdate(ctx, nullptr, &written, reinterpret_cast<const uint8_t*>(kContext.data()),
                          static_cast<int>(kContext.size()));
        EVP_EncryptUpdate(ctx, out.data(), &written, plaintext.data(), static_cast<int>(size));
        EVP_EncryptFinal_ex(ctx, out.data() + size, &written);
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
        benchmark::DoNotOptimize(tag);
    }
    EVP_CIPHER_CTX_free(ctx);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}

void CoreSeal(benchmark::State& state) {
    const size_t size = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> plaintext(size, 'x'), out(sealed::sealed_size(size));
    AesGcmKey key(kKey);
    uint8_t nonce[12];
    for (auto _ : state) {
        fresh_nonce(nonce);
        sealed::seal(key, 1, kOrg, kContext, ByteView(plaintext.data(), size), nonce, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}

void CoreOpen(benchmark::State& state) {
    const size_t size = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> plaintext(size, 'x'), value(sealed::sealed_size(size)), opened(size);
    AesGcmKey key(kKey);
    uint8_t nonce[12];
    fresh_nonce(nonce);
    sealed::seal(key, 1, kOrg, kContext, ByteView(plaintext.data(), size), nonce, value.data());
    for (auto _ : state) {
        if (sealed::open(key, kOrg, kContext, ByteView(value.data(), value.size()), opened.data()) !=
            sealed::Status::Ok)
            state.SkipWithError("did not open");
        benchmark::DoNotOptimize(opened.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}

void FreshNonce(benchmark::State& state) {
    uint8_t nonce[12];
    for (auto _ : state) {
        fresh_nonce(nonce);
        benchmark::DoNotOptimize(nonce);
    }
}

void RandBytesPerNonce(benchmark::State& state) {
    uint8_t nonce[12];
    for (auto _ : state) {
        random_bytes(nonce, sizeof nonce);
        benchmark::DoNotOptimize(nonce);
    }
}

BENCHMARK(RawEvpAesGcmEncrypt)->Arg(32)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(CoreSeal)->Arg(32)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(CoreOpen)->Arg(32)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(FreshNonce);
BENCHMARK(RandBytesPerNonce);

}  // namespace

BENCHMARK_MAIN();
