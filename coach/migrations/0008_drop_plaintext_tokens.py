"""API tokens used to be Django REST framework's own, stored as plain keys in
`authtoken_token`. They are replaced by hashed, named, expiring tokens (ApiToken): the old
keys are revoked by dropping their table, so no readable credential stays in the database.
Clients make a new token on the settings page or with POST /api/v1/auth/token/."""

from django.db import migrations

# DRF's plain-text tokens, and knox's own table, which an installation that ran knox's
# migrations has although tokens live in coach_apitoken.
OLD_TABLES = ["authtoken_token", "knox_authtoken"]


def drop_plaintext_tokens(apps, schema_editor):
    existing = schema_editor.connection.introspection.table_names()
    for table in OLD_TABLES:
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("coach", "0007_api_tokens")]

    operations = [migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop)]
