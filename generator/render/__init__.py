"""Stage 4, render: the model into site pages (and, later, audio and print)."""
