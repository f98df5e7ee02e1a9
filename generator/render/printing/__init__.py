"""Stage 4, render the printed outputs: leaflets, the professionals' directory, QR posters (PDF).

`render_print(guide, out_dir, project_dir=…, today=…)` writes every PDF at its place in the site
(generator/urls.py) and returns their manifest entries. Templates and print texts are in
`print/`; the fonts are the project's own (overrides/assets/fonts/).
"""

from generator.render.printing.batch import render_print

__all__ = ["render_print"]
