"""Serializer bases that every API input uses: unknown fields are refused, not dropped, and
so are fields a client may read but not write."""

from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know, or knows as read-only, naming them, instead of
    silently dropping them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = {name: ["Unknown field."] for name in set(data) - set(self.fields)}
            refused |= {
                name: ["This field is read-only."] for name in set(data) & set(self.fields) - writable
            }
            if refused:
                raise serializers.ValidationError(dict(sorted(refused.items())))
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass
