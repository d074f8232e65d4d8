#include "sealing_errors.h"

namespace key_ring = tenant_guard::key_ring;

const char* org_text(const pg_uuid_t* org) {
    return DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(org)));
}

void report_malformed(tenant_guard::sealed::Status status, size_t sealed_size) {
    namespace sealed = tenant_guard::sealed;
    switch (status) {
        case sealed::Status::Truncated:
            ereport(ERROR, (errcode(TG_ERRCODE_SEALED_VALUE_TRUNCATED),
                            errmsg("sealed value is truncated"),
                            errdetail("A sealed value has at least %zu bytes; this one has %zu.",
                                      sealed::kOverhead, sealed_size)));
            break;
        case sealed::Status::UnknownFormat:
            ereport(ERROR, (errcode(TG_ERRCODE_SEALED_VALUE_UNSUPPORTED),
                            errmsg("sealed value has an unknown format"),
                            errdetail("Its first byte is not a format that tenant_guard writes; it "
                                      "was not made by tenant_guard.seal or it has been altered.")));
            break;
        case sealed::Status::UnknownAlgorithm:
            ereport(ERROR, (errcode(TG_ERRCODE_SEALED_VALUE_UNSUPPORTED),
                            errmsg("sealed value names an unknown algorithm"),
                            errdetail("Its second byte is not an algorithm that this release of "
                                      "tenant_guard reads.")));
            break;
        case sealed::Status::Ok:
        case sealed::Status::AuthenticationFailed:
            break;
    }
    elog(ERROR, "unexpected sealed value status");
    pg_unreachable();
}

void report_open_failure(key_ring::Result result, const pg_uuid_t* org, const char* context,
                         size_t context_size, size_t sealed_size) {
    switch (result) {
        case key_ring::Result::Truncated:
            report_malformed(tenant_guard::sealed::Status::Truncated, sealed_size);
        case key_ring::Result::UnknownFormat:
            report_malformed(tenant_guard::sealed::Status::UnknownFormat, sealed_size);
        case key_ring::Result::UnknownAlgorithm:
            report_malformed(tenant_guard::sealed::Status::UnknownAlgorithm, sealed_size);
        case key_ring::Result::AuthenticationFailed:
            ereport(ERROR, (errcode(TG_ERRCODE_AUTHENTICATION_FAILED),
                            errmsg("sealed value does not authenticate for organization %s and "
                                   "context \"%.*s\"",
                                   org_text(org), (int) context_size, context),
                            errdetail("It was sealed for another organization or another context, "
                                      "or it has been altered.")));
            break;
        case key_ring::Result::Ok:
            break;
    }
    elog(ERROR, "unexpected result from tenant_guard key ring");
    pg_unreachable();
}

void report_master_key_not_loaded(const pg_uuid_t* org, int32 version, const char* master_key_id) {
    ereport(ERROR, (errcode(TG_ERRCODE_MASTER_KEY_NOT_LOADED),
                    errmsg("key version %d of organization %s is wrapped under master key \"%s\", "
                           "which is not loaded",
                           version, org_text(org), master_key_id),
                    errhint("Put master key \"%s\" back into the key file (it may stay inactive) "
                            "and reload, then run tenant_guard.rewrap_org_keys().",
                            master_key_id)));
    pg_unreachable();
}

void report_unwrap_failure(const pg_uuid_t* org, int32 version, const char* master_key_id) {
    ereport(ERROR, (errcode(TG_ERRCODE_ORG_KEY_UNWRAP_FAILED),
                    errmsg("key version %d of organization %s does not unwrap under master key \"%s\"",
                           version, org_text(org), master_key_id),
                    errdetail("The wrapped key was altered, or master key \"%s\" is not the key it "
                              "was wrapped under.",
                              master_key_id)));
    pg_unreachable();
}

void report_shredded(const pg_uuid_t* org) {
    ereport(ERROR, (errcode(TG_ERRCODE_ORG_SHREDDED),
                    errmsg("organization %s has been shredded", org_text(org)),
                    errdetail("Its keys were destroyed: what was sealed for it can never be "
                              "unsealed, and nothing more is sealed for it.")));
    pg_unreachable();
}

void require_superuser(const char* function_name) {
    if (!superuser())
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("permission denied for function %s", function_name),
                        errhint("Key management in tenant_guard is for superusers only.")));
}
