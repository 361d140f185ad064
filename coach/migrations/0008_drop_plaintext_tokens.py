"""API tokens used to be Django REST framework's own, stored as plain keys in
`authtoken_token`. They are replaced by hashed, named, expiring tokens (ApiToken): the old
keys are revoked by dropping their table, so no readable credential stays in the database.
Clients make a new token on the settings page or with POST /api/v1/auth/token/."""

from django.db import migrations

OLD_TABLE = "authtoken_token"


def drop_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("coach", "0007_api_tokens")]

    operations = [migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop)]
