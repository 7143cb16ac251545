"""The fact packs and source documents shipped with Chronicle (YAML packs beside their texts)."""
