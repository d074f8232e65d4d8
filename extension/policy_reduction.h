// The guard's reduction of a stored policy expression to core/'s description (plain data).
// Include after postgres.h (inside extern "C") in extension/ only.
#pragma once

#include "guard_bridge.h"

namespace tenant_guard::guard {

// expression: pg_policy.polqual or polwithcheck of a policy on relid, as stringToNode() gives
// it. The nodes are palloc'd in the current memory context.
GuardExpressionFacts reduce_policy_expression(Node* expression, Oid relid);

}  // namespace tenant_guard::guard
