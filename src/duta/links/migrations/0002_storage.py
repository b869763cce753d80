"""Storage for the shipper's speed (see ADR 0008), per database:

- SQLite: `links_click` becomes a WITHOUT ROWID table. The click id is then the table's own key, so a click is
  written into one B-tree instead of two. If a later migration changes
  `Click`, Django rebuilds the table as an ordinary one: slower to fill, the same data.
- PostgreSQL: `links_clickrollup` keeps half of each page free (fillfactor 50). Its counters are updated by
  every batch; with room on the page an update stays on it and touches no index (a HOT update).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = (
    '"id" char(32) NOT NULL PRIMARY KEY, "visitor" varchar(16) NOT NULL, "referrer" varchar(300) NOT NULL, '
    '"verdict" varchar(8) NOT NULL, "link_id" bigint NOT NULL, "agent_id" bigint NOT NULL'
)


def tune(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f'CREATE TABLE "links_click_new" ({COLUMNS}) WITHOUT ROWID')
        schema_editor.execute(
            'INSERT INTO "links_click_new" SELECT id, visitor, referrer, verdict, link_id, agent_id FROM "links_click"'
        )
        schema_editor.execute('DROP TABLE "links_click"')
        schema_editor.execute('ALTER TABLE "links_click_new" RENAME TO "links_click"')
    elif vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "links_clickrollup" SET (fillfactor = 50)')


class Migration(migrations.Migration):
    dependencies = [("links", "0001_initial")]

    operations = [migrations.RunPython(tune, migrations.RunPython.noop, elidable=True)]
