"""Cross-cutting web wiring shared by the blueprints: configuration, language, error pages."""
