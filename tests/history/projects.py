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
    # findings, as (rule, table, command, policy, file name) with None for "any"; None: not asserted.
    expected_errors: Optional[frozenset] = None
    error_messages_say: Optional[str] = None  # a phrase every such message must contain
    enforce_applies: bool = False   # the whole history must commit with the guard enforcing
    # How its migration tool sends a file, as the checker's --transaction-mode names it: Supabase
    # CLI and drizzle wrap a file in a transaction ("auto" adds the statement-by-statement
    # fallback for CONCURRENTLY); Prisma Migrate sends it as one simple query.
    transaction_mode: str = "auto"


# chatbot-ui's deliberate public sharing: the FOR SELECT policies that show a row to every user
# once it (or the chat, file or collection it belongs to) is not private. Rows are visible
# across users: right to report.
CHATBOT_SHARED = (
    ("assistants", "Allow view access to non-private assistants"),
    ("chats", "Allow view access to non-private chats"),
    # the name as PostgreSQL stores it: truncated to 63 bytes
    ("collection_files", "Allow view access to collection files for non-private collectio"),
    ("collections", "Allow view access to non-private collections"),
    ("file_items", "Allow view access to non-private file items"),
    ("files", "Allow view access to files for non-private collections"),
    ("files", "Allow view access to non-private files"),
    ("messages", "Allow view access to messages for non-private chats"),
    ("models", "Allow view access to non-private models"),
    ("presets", "Allow view access to non-private presets"),
    ("prompts", "Allow view access to non-private prompts"),
    ("tools", "Allow view access to non-private tools"),
    ("workspaces", "Allow view access to non-private workspaces"),
)

PROJECTS = (
    Project("basejump", "usebasejump__basejump/supabase/migrations", ("account_id",), supabase=True,
            expected_errors=frozenset(), enforce_applies=True),
    Project("midday", "midday-ai__midday/packages/db/migrations", ("team_id",), supabase=True,
            setup=("midday_base.sql", "midday_rls.sql"), baseline="midday_baseline_rls.sql",
            expected_errors=frozenset({("tenant-table-without-rls", "public.insights", None, None,
                                        "0016_add_insights.sql")})),
    Project("chatbot-ui", "mckaywrigley__chatbot-ui/supabase/migrations", ("user_id",), supabase=True,
            expected_errors=frozenset(("policy-not-tenant-scoped", "public." + table, "SELECT", policy, None)
                                      for table, policy in CHATBOT_SHARED),
            error_messages_say="visible across organisations"),
    # Issue 12 measures formbricks on the columns its history moves tenancy through: the
    # organisation, the environment (removed in 2026) and the workspace that replaced the project.
    Project("formbricks", "formbricks__formbricks/packages/database/migration",
            ("organizationId", "environmentId", "workspaceId"), supabase=False,
            transaction_mode="simple-query"),
    Project("documenso", "documenso__documenso/packages/prisma/migrations", ("teamId", "organisationId"),
            supabase=False, transaction_mode="simple-query"),
)
