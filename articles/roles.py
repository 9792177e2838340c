"""Who may do what: readers need no account; editors curate in the admin without being superusers."""

EDITOR_GROUP = "Redaksi"

# model -> actions an editor may take on it in the admin. Articles come from ingest, so editors correct or
# remove them but do not type new ones; runs are a record, failures can be retried (change).
EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "source": ("view", "add", "change", "delete"),
    "feed": ("view", "add", "change", "delete"),
    "article": ("view", "change", "delete"),
    "entity": ("view", "add", "change", "delete"),
    "alias": ("view", "add", "change", "delete"),
    "mention": ("view", "change", "delete"),
    "storycluster": ("view", "change"),
    "ingestrun": ("view",),
    "ingestfailure": ("view", "change"),
    # API keys are revoked (change), never deleted: the record of who had one stays.
    "apikey": ("view", "add", "change"),
}


def editor_codenames() -> list[str]:
    return [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
