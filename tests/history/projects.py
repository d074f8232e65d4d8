"""The real histories of ../shared/corpus that the history suite replays, and how each is run:
where its migrations are, its tenant columns, the platform it was written for and what the
issue of the isolation rule version 2 expects of it."""
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Project:
    name: str
    folder: str                 # the migrations, relative to the corpus
    tenant_columns: tuple       # exact spellings, as the checker's --tenant-column takes them
    supabase: bool              # Supabase platform stubs in the database, --preset supabase
    setup: tuple = ()           # stubs/ files applied after the platform, before the migrations
    baseline: Optional[str] = None  # stubs/ dump given to the checker as --baseline
    # What issue 13 expects of the checker's whole-history run: the error-level isolation
    # findings, as (rule, table, command, file) with None for "any"; None: not asserted.
    expected_errors: Optional[frozenset] = None
    error_messages_say: Optional[str] = None  # a phrase every such message must contain
    enforce_applies: bool = False   # the whole history must commit with the guard enforcing


# chatbot-ui's deliberate public sharing: each FOR SELECT policy that shows a row to everyone
# once it (or its parent) is not private. Rows are visible across users: right to report.
CHATBOT_SHARED = ("assistants", "chats", "collection_files", "collections", "file_items", "files", "messages",
                  "models", "presets", "prompts", "tools", "workspaces")

PROJECTS = (
    Project("basejump", "usebasejump__basejump/supabase/migrations", ("account_id",), supabase=True,
            expected_errors=frozenset(), enforce_applies=True),
    Project("midday", "midday-ai__midday/packages/db/migrations", ("team_id",), supabase=True,
            setup=("midday_base.sql", "midday_rls.sql"), baseline="midday_baseline_rls.sql",
            expected_errors=frozenset({("tenant-table-without-rls", "public.insights", None,
                                        "0016_add_insights.sql")})),
    Project("chatbot-ui", "mckaywrigley__chatbot-ui/supabase/migrations", ("user_id",), supabase=True,
            expected_errors=frozenset(("policy-not-tenant-scoped", "public." + table, "SELECT", None)
                                      for table in CHATBOT_SHARED),
            error_messages_say="visible across organisations"),
    # Issue 12 measures formbricks on the columns its history moves tenancy through: the
    # organisation, the environment (removed in 2026) and the workspace that replaced the project.
    Project("formbricks", "formbricks__formbricks/packages/database/migration",
            ("organizationId", "environmentId", "workspaceId"), supabase=False),
    Project("documenso", "documenso__documenso/packages/prisma/migrations", ("teamId", "organisationId"),
            supabase=False),
)
