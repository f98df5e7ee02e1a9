"""QR codes for the PDFs: segno, error correction Q, a quiet zone of 4 modules.

A code is an image of one pixel per module (a black-and-white PNG of a few hundred bytes),
printed without smoothing (`image-rendering: pixelated` in print/common.css: the PDF says
/Interpolate false), so its modules stay sharp squares at any size. An SVG drew the same, but
WeasyPrint parses a code's path point by point each time it draws it: half the time of making
a poster of 12 codes went there.

A code is printed at about a tenth of the distance it is scanned from (10 cm for a poster read
from 1 m, 2.5 cm on a leaflet held in the hand). The size given is the code's own square; the
white quiet zone around it comes on top.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from io import BytesIO

import segno

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
ERROR_CORRECTION = "q"  # recovers 25 %: a poster may be scratched or partly covered
SCAN_RATIO = 10  # reading distance / code size


@dataclass(frozen=True, slots=True)
class QrCode:
    url: str
    png: bytes  # one pixel per module, with its quiet zone
    modules: int  # modules across the code itself, without the quiet zone

    def image_mm(self, code_mm: float) -> float:
        """The width of the image, quiet zone included, for a code `code_mm` wide."""
        return code_mm * (self.modules + 2 * QUIET_ZONE) / self.modules

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@cache
def make_qr(url: str) -> QrCode:
    """The QR code of a URL (error correction Q exactly: never raised by segno)."""
    code = segno.make(url, error=ERROR_CORRECTION, boost_error=False, micro=False)
    buffer = BytesIO()
    code.save(buffer, kind="png", scale=1, border=QUIET_ZONE, dark="#000", light="#fff")
    modules = code.symbol_size(border=0)[0]
    return QrCode(url, buffer.getvalue(), modules)


def code_size_mm(distance_cm: float) -> float:
    """The size of a code read from `distance_cm` away."""
    return distance_cm * 10 / SCAN_RATIO


def reading_distance_cm(code_mm: float) -> float:
    """How far away a code of `code_mm` can still be scanned."""
    return code_mm * SCAN_RATIO / 10
