// SQL entry points for sealing: seal, unseal, unseal_bytea, reseal, sealed_key_version,
// blind_index; and seal_bytes/unseal_bytes (seal_bytes.h) under them. The entry-point idiom of
// sql_function.h: C-style frames, key_ring reached through value_or_raise.
#include "sql_function.h"

#include "org_keys.h"
#include "seal_bytes.h"
#include "sealed_value.h"
#include "sealing_errors.h"

using tenant_guard::KeyPurpose;
namespace key_ring = tenant_guard::key_ring;
namespace sealed = tenant_guard::sealed;

TG_SQL_FUNCTION(tg_seal)
TG_SQL_FUNCTION(tg_unseal_text)
TG_SQL_FUNCTION(tg_unseal_bytea)
TG_SQL_FUNCTION(tg_reseal)
TG_SQL_FUNCTION(tg_sealed_key_version)
TG_SQL_FUNCTION(tg_blind_index)

namespace {

// The largest plaintext whose sealed value still fits in a bytea.
constexpr size_t kMaxPlaintext = MaxAllocSize - VARHDRSZ - sealed::kOverhead;

const uint8* bytes_of(const varlena* value) { return reinterpret_cast<const uint8*>(VARDATA_ANY(value)); }

// A detoasted copy of a secret argument is wiped before it is given back.
void wipe_if_copy(varlena* value, FunctionCallInfo fcinfo, int argno) {
    if (reinterpret_cast<Pointer>(value) != PG_GETARG_POINTER(argno)) {
        explicit_bzero(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
        pfree(value);
    }
}

}  // namespace

bytea* seal_bytes(const pg_uuid_t* org, const uint8* plaintext, size_t size, const text* context) {
    if (size > kMaxPlaintext)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("value too large to seal"),
                        errdetail("A sealed value holds at most %zu bytes.", kMaxPlaintext)));
    key_ring::CachedKey* key = active_org_key(org, KeyPurpose::Seal, true, false);
    bytea* result = static_cast<bytea*>(palloc(VARHDRSZ + sealed::sealed_size(size)));
    SET_VARSIZE(result, VARHDRSZ + sealed::sealed_size(size));
    (void) value_or_raise(key_ring::seal(key, org->data, VARDATA_ANY(context), VARSIZE_ANY_EXHDR(context),
                                         plaintext, size, reinterpret_cast<uint8*>(VARDATA(result))));
    return result;
}

// The plaintext of a sealed value, as a bytea (also the layout of text).
bytea* unseal_bytes(const pg_uuid_t* org, const bytea* value, const text* context) {
    const size_t size = VARSIZE_ANY_EXHDR(value);
    uint32 version = 0;
    const sealed::Status status = sealed::read_header(tenant_guard::ByteView(bytes_of(value), size), &version);
    if (status != sealed::Status::Ok) report_malformed(status, size);
    key_ring::CachedKey* key = org_key_version(org, version);
    const size_t plaintext_size = size - sealed::kOverhead;
    bytea* result = static_cast<bytea*>(palloc(VARHDRSZ + plaintext_size));
    SET_VARSIZE(result, VARHDRSZ + plaintext_size);
    const key_ring::Result opened = value_or_raise(
        key_ring::open(key, org->data, VARDATA_ANY(context), VARSIZE_ANY_EXHDR(context),
                       bytes_of(value), size, reinterpret_cast<uint8*>(VARDATA(result))));
    if (opened != key_ring::Result::Ok) {
        pfree(result);
        report_open_failure(opened, org, VARDATA_ANY(context), VARSIZE_ANY_EXHDR(context), size);
    }
    return result;
}

// seal(org uuid, plaintext text|bytea, context text): text and bytea share a layout.
extern "C" Datum tg_seal(PG_FUNCTION_ARGS) {
    const pg_uuid_t* org = PG_GETARG_UUID_P(0);
    varlena* plaintext = PG_GETARG_VARLENA_PP(1);
    const text* context = PG_GETARG_TEXT_PP(2);
    bytea* result = seal_bytes(org, bytes_of(plaintext), VARSIZE_ANY_EXHDR(plaintext), context);
    wipe_if_copy(plaintext, fcinfo, 1);
    PG_RETURN_BYTEA_P(result);
}

extern "C" Datum tg_unseal_bytea(PG_FUNCTION_ARGS) {
    PG_RETURN_BYTEA_P(unseal_bytes(PG_GETARG_UUID_P(0), PG_GETARG_BYTEA_PP(1), PG_GETARG_TEXT_PP(2)));
}

extern "C" Datum tg_unseal_text(PG_FUNCTION_ARGS) {
    bytea* plaintext = unseal_bytes(PG_GETARG_UUID_P(0), PG_GETARG_BYTEA_PP(1), PG_GETARG_TEXT_PP(2));
    // A binary secret must not become text that is invalid in the database encoding. The
    // error names no byte of it.
    if (!pg_verifymbstr(VARDATA(plaintext), static_cast<int>(VARSIZE(plaintext) - VARHDRSZ), true)) {
        explicit_bzero(VARDATA(plaintext), VARSIZE(plaintext) - VARHDRSZ);
        ereport(ERROR, (errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
                        errmsg("sealed value is not valid text in the database encoding"),
                        errhint("It was sealed from a bytea: use tenant_guard.unseal_bytea().")));
    }
    PG_RETURN_TEXT_P(plaintext);
}

extern "C" Datum tg_reseal(PG_FUNCTION_ARGS) {
    const pg_uuid_t* org = PG_GETARG_UUID_P(0);
    const text* context = PG_GETARG_TEXT_PP(2);
    bytea* plaintext = unseal_bytes(org, PG_GETARG_BYTEA_PP(1), context);
    bytea* result = seal_bytes(org, bytes_of(plaintext), VARSIZE(plaintext) - VARHDRSZ, context);
    explicit_bzero(VARDATA(plaintext), VARSIZE(plaintext) - VARHDRSZ);
    pfree(plaintext);
    PG_RETURN_BYTEA_P(result);
}

extern "C" Datum tg_sealed_key_version(PG_FUNCTION_ARGS) {
    const bytea* value = PG_GETARG_BYTEA_PP(0);
    const size_t size = VARSIZE_ANY_EXHDR(value);
    uint32 version = 0;
    const sealed::Status status = sealed::read_header(tenant_guard::ByteView(bytes_of(value), size), &version);
    if (status != sealed::Status::Ok) report_malformed(status, size);
    if (version > static_cast<uint32>(PG_INT32_MAX))
        ereport(ERROR, (errcode(TG_ERRCODE_UNKNOWN_KEY_VERSION),
                        errmsg("sealed value names key version %u, which no organization can have", version)));
    PG_RETURN_INT32(static_cast<int32>(version));
}

extern "C" Datum tg_blind_index(PG_FUNCTION_ARGS) {
    const pg_uuid_t* org = PG_GETARG_UUID_P(0);
    varlena* value = PG_GETARG_VARLENA_PP(1);
    const text* context = PG_GETARG_TEXT_PP(2);
    key_ring::CachedKey* key = active_org_key(org, KeyPurpose::BlindIndex, true, false);
    bytea* result = static_cast<bytea*>(palloc(VARHDRSZ + key_ring::kBlindIndexSize));
    SET_VARSIZE(result, VARHDRSZ + key_ring::kBlindIndexSize);
    (void) value_or_raise(key_ring::blind_index(key, VARDATA_ANY(context), VARSIZE_ANY_EXHDR(context),
                                                bytes_of(value), VARSIZE_ANY_EXHDR(value),
                                                reinterpret_cast<uint8*>(VARDATA(result))));
    wipe_if_copy(value, fcinfo, 1);
    PG_RETURN_BYTEA_P(result);
}
