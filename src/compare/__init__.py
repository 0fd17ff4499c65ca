"""water-targets compare: Chinese cities' water-saving targets as curated, validated, comparable tables."""

__version__ = "0.1.0"
