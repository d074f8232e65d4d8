// Placeholder in branch guard only, so that the analyzer library has a source; delete it when
// the checker branch (which owns analyzer/) is merged.
namespace tenant_guard::analyzer_placeholder {}
