"""Serializer bases that every API input uses: unknown fields are refused, not dropped, and
so are fields a client may read but not write, and values of the wrong JSON type."""

from rest_framework import serializers

# The JSON type each kind of field takes. DRF would read "goal": 0 as "0" and
# "interruptions": "3" as 3; a client sending the wrong type has a bug it should hear about.
JSON_TYPES = [
    (serializers.BooleanField, (bool,), "Expected true or false."),
    (serializers.IntegerField, (int,), "Expected a whole number."),
    (serializers.FloatField, (int, float), "Expected a number."),
    (serializers.DecimalField, (int, float), "Expected a number."),
    (serializers.CharField, (str,), "Expected a string."),
    (serializers.ChoiceField, (str,), "Expected a string."),
    (serializers.DateTimeField, (str,), "Expected a date and time as a string."),
    (serializers.DateField, (str,), "Expected a date as a string."),
    (serializers.TimeField, (str,), "Expected a time as a string."),
]


def json_type_error(field, value) -> str | None:
    if value is None:
        return None  # the field's own allow_null decides
    for kind, types, message in JSON_TYPES:
        if isinstance(field, kind):
            wrong = not isinstance(value, types) or (bool not in types and isinstance(value, bool))
            return message if wrong else None
    return None


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know, or knows as read-only, and (for JSON bodies) values of
    the wrong type, naming each, instead of dropping or converting them."""

    # Query parameters arrive as strings; their serializers set this to False.
    json_types = True

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = {name: ["Unknown field."] for name in set(data) - set(self.fields)}
            read_only = set(data) & set(self.fields) - writable
            refused |= {name: ["This field is read-only."] for name in read_only}
            if self.json_types:
                for name in set(data) & writable:
                    error = json_type_error(self.fields[name], data[name])
                    if error:
                        refused[name] = [error]
            if refused:
                raise serializers.ValidationError(dict(sorted(refused.items())))
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass
