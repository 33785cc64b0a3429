"""From sources to one checked course: converting YAML values to the model's types, loading with
every cross-check (`load.load`), where each output file lives and whether two collide (`paths`,
`outputs`), the handout's glyph coverage, the JSON Schema, and the guard against edits to the past.

Owns: `load.Loaded`, `paths`, `schema.json_schema`, `guard`.
May use: `sources`, `schedule`, `model`, `errors`.
"""
